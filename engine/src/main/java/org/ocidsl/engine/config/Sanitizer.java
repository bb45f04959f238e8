package org.ocidsl.engine.config;

/**
 * Normalizes a field's value, replacing the type check as in Guix's {@code define-configuration}:
 * it takes what a script wrote and returns the value the record stores, of type {@code T}.
 *
 * <p>A sanitizer rejects a bad value by throwing {@link IllegalArgumentException} with the
 * message the user should see; the configuration attaches the location of the value.
 */
@FunctionalInterface
public interface Sanitizer<T> {
  T sanitize(Object value);
}
