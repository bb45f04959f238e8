package org.ocidsl.stdlib.export;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes API objects (core/v1, batch/v1) that an export writes, one record per object
 * or field group, with the API reference's names. Only the fields an export sets are modelled;
 * absent and empty values are left out.
 */
public final class Kubernetes {
  private Kubernetes() {}

  /** A top-level object: what one YAML document holds. */
  public interface Manifest {
    String apiVersion();

    String kind();

    Metadata metadata();
  }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Metadata(String name, Map<String, String> labels) {}

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec"})
  public record Pod(Metadata metadata, PodSpec spec) implements Manifest {
    @Override
    @JsonProperty
    public String apiVersion() {
      return "v1";
    }

    @Override
    @JsonProperty
    public String kind() {
      return "Pod";
    }
  }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record PodSpec(
      String restartPolicy,
      Boolean hostNetwork,
      Long terminationGracePeriodSeconds,
      List<Container> initContainers,
      List<Container> containers,
      List<Volume> volumes) {}

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Container(
      String name,
      String image,
      String imagePullPolicy,
      List<String> command,
      List<String> args,
      String workingDir,
      List<EnvVar> env,
      List<ContainerPort> ports,
      List<VolumeMount> volumeMounts,
      SecurityContext securityContext,
      Probe readinessProbe,
      Probe livenessProbe,
      Probe startupProbe) {}

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record EnvVar(String name, String value, EnvVarSource valueFrom) {
    static EnvVar literal(String name, String value) {
      return new EnvVar(name, value, null);
    }

    static EnvVar secret(String secret, String name) {
      return new EnvVar(name, null, new EnvVarSource(new SecretKeySelector(secret, name)));
    }
  }

  public record EnvVarSource(SecretKeySelector secretKeyRef) {}

  public record SecretKeySelector(String name, String key) {}

  /** {@code hostIP}, as the API spells it. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record ContainerPort(
      int containerPort, Integer hostPort, @JsonProperty("hostIP") String hostIp, String protocol) {}

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record VolumeMount(String name, String mountPath, Boolean readOnly) {}

  /** A pod's volume: a claim, or an {@code emptyDir} living as long as the pod. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Volume(String name, ClaimSource persistentVolumeClaim, EmptyDir emptyDir) {}

  public record ClaimSource(String claimName) {}

  /** {@code emptyDir: {}}. */
  public record EmptyDir() {}

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record SecurityContext(Long runAsUser, Long runAsGroup) {}

  /** A probe that runs a command in the container; durations in whole seconds. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Probe(
      ExecAction exec, Integer initialDelaySeconds, Integer periodSeconds, Integer timeoutSeconds, Integer failureThreshold) {}

  public record ExecAction(List<String> command) {}

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec"})
  public record PersistentVolumeClaim(Metadata metadata, ClaimSpec spec) implements Manifest {
    @Override
    @JsonProperty
    public String apiVersion() {
      return "v1";
    }

    @Override
    @JsonProperty
    public String kind() {
      return "PersistentVolumeClaim";
    }
  }

  public record ClaimSpec(List<String> accessModes, Resources resources) {}

  public record Resources(Map<String, String> requests) {}

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec"})
  public record Service(Metadata metadata, ServiceSpec spec) implements Manifest {
    @Override
    @JsonProperty
    public String apiVersion() {
      return "v1";
    }

    @Override
    @JsonProperty
    public String kind() {
      return "Service";
    }
  }

  public record ServiceSpec(Map<String, String> selector, List<ServicePort> ports) {}

  public record ServicePort(String name, String protocol, int port, int targetPort) {}

  /** An {@code Opaque} secret; {@code data} holds base64 values. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonPropertyOrder({"apiVersion", "kind", "metadata", "type", "data"})
  public record Secret(Metadata metadata, Map<String, String> data) implements Manifest {
    @Override
    @JsonProperty
    public String apiVersion() {
      return "v1";
    }

    @Override
    @JsonProperty
    public String kind() {
      return "Secret";
    }

    @JsonProperty
    public String type() {
      return "Opaque";
    }
  }
}
