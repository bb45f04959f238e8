package org.ocidsl.engine.config

import org.ocidsl.engine.OcidslException
import org.ocidsl.engine.SourceLocation
import spock.lang.Specification

class ConfigurationSpec extends Specification {
    static final SourceLocation RECORD = new SourceLocation('web.oci.groovy', 3, 1)
    static final SourceLocation VALUE = new SourceLocation('web.oci.groovy', 5, 9)

    int sanitized = 0
    Field<String> NAME = Field.required('name', FieldType.STRING, 'The name.')
    Field<String> TAG = Field.of('tag', FieldType.STRING, 'latest', 'The tag.')
    Field<String> DRIVER = Field.maybe('driver', FieldType.STRING, 'The driver.')
    Field<List<String>> PORTS = Field.of('ports', FieldType.LIST, [], 'The ports.').sanitizedBy { value ->
        sanitized++
        if (!(value instanceof List)) {
            throw new IllegalArgumentException("ports must be a list but ${value} was found")
        }
        value.collect { it.toString() }
    }
    ConfigurationType type = ConfigurationType.named('example-configuration')
            .documentation('An example record.')
            .fields(NAME, TAG, DRIVER, PORTS)
            .build()

    def "configuration, defaults fill fields that are not set"() {
        when:
        def c = type.builder(RECORD).set('name', 'web', VALUE).build()

        then:
        c.get('tag') == 'latest'
        c.get('ports') == []
        c.location() == RECORD
        c.fieldLocation(NAME) == VALUE
        c.fieldLocation(TAG) == RECORD
    }

    def "configuration, a maybe-field stays unset"() {
        when:
        def c = type.builder(RECORD).set('name', 'web', VALUE).build()

        then:
        !c.isSet(DRIVER)
        c.get('driver') == null
        c.isSet(TAG)
        !c.values().containsKey('driver')
    }

    def "configuration, a required field that is not set is an error at the record"() {
        when:
        type.builder(RECORD).build()

        then:
        def e = thrown(OcidslException)
        e.render() == "web.oci.groovy:3:1: error: example-configuration: missing value for required field 'name'"
    }

    def "configuration, a value of the wrong type is an error at the value"() {
        when:
        type.builder(RECORD).set('name', 8080, VALUE)

        then:
        def e = thrown(OcidslException)
        e.render() == "web.oci.groovy:5:9: error: invalid value 8080 for field 'name'"
    }

    def "configuration, a wrong string value is written with quotes"() {
        given:
        def t = ConfigurationType.named('t').fields(Field.of('verbose', FieldType.BOOLEAN, false, 'v')).build()

        when:
        t.builder(RECORD).set('verbose', 'yes', VALUE)

        then:
        def e = thrown(OcidslException)
        e.message == "invalid value \"yes\" for field 'verbose'"
    }

    def "configuration, a sanitizer normalizes the value and replaces the type check"() {
        when:
        def c = type.builder(RECORD).set('name', 'web', VALUE).set('ports', [8080, '80'], VALUE).build()

        then:
        c.get('ports') == ['8080', '80']
    }

    def "configuration, a sanitizer's message is reported at the value"() {
        when:
        type.builder(RECORD).set('name', 'web', VALUE).set('ports', 'nope', VALUE)

        then:
        def e = thrown(OcidslException)
        e.render() == 'web.oci.groovy:5:9: error: ports must be a list but nope was found'
    }

    def "configuration, an unknown field is an error at its line"() {
        when:
        type.builder(RECORD).set('colour', 'red', VALUE)

        then:
        def e = thrown(OcidslException)
        e.render() == "web.oci.groovy:5:9: error: extraneous field 'colour' for example-configuration"
    }

    def "configuration, inherit copies the parent and re-checks only what the child sets"() {
        given:
        def parent = type.builder(RECORD).set('name', 'web', VALUE).set('ports', ['80'], VALUE).build()
        def before = sanitized
        def here = new SourceLocation('web.oci.groovy', 9, 1)

        when:
        def child = type.inherit(parent, here).set('tag', '2.0', here).build()

        then:
        sanitized == before
        child.get('name') == 'web'
        child.get('ports') == ['80']
        child.get('tag') == '2.0'
        child.location() == here
        child.fieldLocation(NAME) == VALUE
        parent.get('tag') == 'latest'
    }

    def "configuration, inherit across record types is an error"() {
        given:
        def other = ConfigurationType.named('other').build()

        when:
        type.inherit(other.defaults(), RECORD)

        then:
        def e = thrown(OcidslException)
        e.message == 'cannot inherit from a other in a example-configuration'
    }

    def "configuration, values are immutable"() {
        given:
        def list = ['80']
        def c = type.builder(RECORD).set('name', 'web', VALUE).set('ports', list, VALUE).build()

        when:
        list << '443'
        c.get('ports') << '22'

        then:
        thrown(UnsupportedOperationException)
        c.get('ports') == ['80']
    }

    def "configuration, records with equal values are equal"() {
        expect:
        type.builder(RECORD).set('name', 'a', VALUE).build() == type.builder(VALUE).set('name', 'a', RECORD).build()
        type.builder(RECORD).set('name', 'a', VALUE).build() != type.builder(RECORD).set('name', 'b', VALUE).build()
    }

    def "configuration type, describes its fields with types, defaults and documentation"() {
        expect:
        type.describe() == '''example-configuration
  An example record.

  name (type: string, required)
      The name.

  tag (type: string, default: "latest")
      The tag.

  driver (type: maybe-string, default: unset)
      The driver.

  ports (type: list, default: ())
      The ports.
'''
    }

    def "field types, lists of a type check every member"() {
        expect:
        FieldType.LIST_OF_STRINGS.test(['a', 'b'])
        !FieldType.LIST_OF_STRINGS.test(['a', 1])
        FieldType.LIST_OF_STRINGS.name() == 'list-of-strings'
        FieldType.oneOf('oci-runtime', ['docker', 'podman']).test('podman')
        !FieldType.oneOf('oci-runtime', ['docker', 'podman']).test('lxc')
    }
}
