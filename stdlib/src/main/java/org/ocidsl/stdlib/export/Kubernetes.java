package org.ocidsl.stdlib.export;

import java.util.List;
import java.util.Map;

/**
 * The Kubernetes API objects (core/v1) that an export writes, one record per object or field
 * group, with the API reference's names, in its order; {@link YamlWriter} leaves absent and
 * empty values out. Only the fields an export sets are modelled.
 */
public final class Kubernetes {
  private Kubernetes() {}

  /** A top-level object: what one YAML document holds. */
  public interface Manifest {
    String apiVersion();

    String kind();

    Metadata metadata();
  }

  public record Metadata(String name, Map<String, String> labels) {}

  public record Pod(String apiVersion, String kind, Metadata metadata, PodSpec spec) implements Manifest {
    static Pod of(Metadata metadata, PodSpec spec) {
      return new Pod("v1", "Pod", metadata, spec);
    }
  }


  public record PodSpec(
      String restartPolicy,
      Boolean hostNetwork,
      Long terminationGracePeriodSeconds,
      List<Container> initContainers,
      List<Container> containers,
      List<Volume> volumes) {}

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

  public record ContainerPort(int containerPort, Integer hostPort, String hostIP, String protocol) {}

  public record VolumeMount(String name, String mountPath, Boolean readOnly) {}

  /** A pod's volume: a claim, or an {@code emptyDir} living as long as the pod. */
  public record Volume(String name, ClaimSource persistentVolumeClaim, EmptyDir emptyDir) {}

  public record ClaimSource(String claimName) {}

  /** {@code emptyDir: {}}. */
  public record EmptyDir() {}

  public record SecurityContext(Long runAsUser, Long runAsGroup) {}

  /** A probe that runs a command in the container; durations in whole seconds. */
  public record Probe(ExecAction exec, int periodSeconds, int timeoutSeconds, int failureThreshold) {}

  public record ExecAction(List<String> command) {}

  public record PersistentVolumeClaim(String apiVersion, String kind, Metadata metadata, ClaimSpec spec) implements Manifest {
    static PersistentVolumeClaim of(Metadata metadata, ClaimSpec spec) {
      return new PersistentVolumeClaim("v1", "PersistentVolumeClaim", metadata, spec);
    }
  }


  public record ClaimSpec(List<String> accessModes, Resources resources) {}

  public record Resources(Map<String, String> requests) {}

  public record Service(String apiVersion, String kind, Metadata metadata, ServiceSpec spec) implements Manifest {
    static Service of(Metadata metadata, ServiceSpec spec) {
      return new Service("v1", "Service", metadata, spec);
    }
  }


  public record ServiceSpec(Map<String, String> selector, List<ServicePort> ports) {}

  public record ServicePort(String name, String protocol, int port, int targetPort) {}

  /** A secret; {@code data} holds base64 values. */
  public record Secret(String apiVersion, String kind, Metadata metadata, String type, Map<String, String> data)
      implements Manifest {
    static Secret of(Metadata metadata, String type, Map<String, String> data) {
      return new Secret("v1", "Secret", metadata, type, data);
    }
  }
}
