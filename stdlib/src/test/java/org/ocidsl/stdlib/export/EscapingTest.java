package org.ocidsl.stdlib.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** What each target would expand in a value is escaped, and nothing else; names of systems. */
class EscapingTest {
  @Test
  void compose_everyDollarIsDoubled() {
    assertEquals("echo $$HOME $${X} $$$$", ComposeExport.escape("echo $HOME ${X} $$"));
  }

  @Test
  void kubernetes_onlyADollarBeforeAParenthesisOrADollarIsDoubled() {
    // Kubernetes reads $(NAME) as a reference and $$ as $; a lone $ stays as it is.
    assertEquals("echo $HOME $$(date) $$$ a$", KubernetesExport.escape("echo $HOME $(date) $$ a$"));
  }

  @Test
  void systemName_theFilesBaseNameAsAKubernetesName() {
    assertEquals("web", Export.systemName("web.oci.groovy"));
    assertEquals("my-app-2", Export.systemName("/srv/My_App 2.oci.groovy"));
    assertEquals("system", Export.systemName("___.groovy"));
  }
}
