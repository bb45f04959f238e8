package org.ocidsl.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
  private static final List<String> FIELDS = List.of("image", "ports", "provision", "environment", "hostEnvironment");

  @Test
  void closest_swappedLetters() {
    assertEquals(Optional.of("image"), Suggestions.closest("imgae", FIELDS));
  }

  @Test
  void closest_droppedLetterAndCase() {
    assertEquals(Optional.of("environment"), Suggestions.closest("Enviroment", FIELDS));
    assertEquals(Optional.of("ports"), Suggestions.closest("port", FIELDS));
  }

  @Test
  void closest_nothingCloseEnough() {
    assertEquals(Optional.empty(), Suggestions.closest("colour", FIELDS));
    assertEquals(Optional.empty(), Suggestions.closest("im", FIELDS));
  }

  @Test
  void didYouMean_appendsTheSuggestionOnlyWhenThereIsOne() {
    assertEquals("extraneous field 'imag'; did you mean 'image'?",
        Suggestions.didYouMean("extraneous field 'imag'", "imag", FIELDS));
    assertEquals("extraneous field 'colour'", Suggestions.didYouMean("extraneous field 'colour'", "colour", FIELDS));
  }

  @Test
  void distance_countsASwapAsOneEdit() {
    assertEquals(1, Suggestions.distance("ab", "ba"));
    assertEquals(3, Suggestions.distance("kitten", "sitting"));
  }
}
