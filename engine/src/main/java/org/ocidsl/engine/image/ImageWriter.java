package org.ocidsl.engine.image;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/** Writes the archive of one image, in either {@link Format}, in one pass. */
final class ImageWriter {
  private ImageWriter() {}

  /**
   * What was written.
   *
   * @param imageId {@code sha256:} + digest of the configuration
   * @param address hex digest of the top document ({@code manifest.json} or {@code index.json}),
   *     which addresses every byte of the archive
   * @param diffIds the layers' {@code sha256:} digests
   */
  record Written(String imageId, String address, List<String> diffIds) {}

  static Written write(
      Path file,
      ImageSpec spec,
      Format format,
      List<Layering.Layer> layers,
      HashPipeline pipeline,
      BuildListener listener,
      LayerWriter.Progress progress)
      throws IOException {
    List<LayerWriter.Written> written = new ArrayList<>();
    try (ArchiveWriter archive = new ArchiveWriter(file)) {
      if (format == Format.OCI_LAYOUT) {
        archive.file("oci-layout", ImageJson.ociLayout());
        archive.directory("blobs/");
        archive.directory("blobs/sha256/");
      }
      for (int i = 0; i < layers.size(); i++) {
        Layering.Layer layer = layers.get(i);
        listener.step(
            "writing layer " + (i + 1) + "/" + layers.size() + " (" + layer.description() + ")");
        long dirHeader = format == Format.DOCKER_ARCHIVE ? archive.reserveHeader() : -1;
        long fileHeader = archive.reserveHeader();
        LayerWriter.Written w =
            LayerWriter.write(layer.entries(), archive, pipeline, listener, progress);
        archive.pad();
        if (format == Format.DOCKER_ARCHIVE) {
          archive.patch(dirHeader, TarEntries.directory(w.hex() + "/", 0755));
          archive.patch(fileHeader, TarEntries.file(w.hex() + "/layer.tar", 0644, w.size()));
        } else {
          archive.patch(fileHeader, TarEntries.file("blobs/sha256/" + w.hex(), 0644, w.size()));
        }
        written.add(w);
      }

      List<String> diffIds = new ArrayList<>();
      List<String> history = new ArrayList<>();
      for (int i = 0; i < written.size(); i++) {
        diffIds.add("sha256:" + written.get(i).hex());
        history.add("ocidsl image: " + layers.get(i).description());
      }
      byte[] config =
          ImageJson.config(spec.architecture(), spec.packOptions(), diffIds, history);
      String configHex = sha256Hex(config);
      byte[] top;
      if (format == Format.DOCKER_ARCHIVE) {
        archive.file(configHex + ".json", config);
        List<String> layerFiles = new ArrayList<>();
        for (LayerWriter.Written w : written) {
          layerFiles.add(w.hex() + "/layer.tar");
        }
        top = ImageJson.dockerManifest(configHex + ".json", spec.repoTag(), layerFiles);
        archive.file("manifest.json", top);
        String repo = spec.repoTag().substring(0, spec.repoTag().lastIndexOf(':'));
        archive.file(
            "repositories",
            ImageJson.repositories(repo, spec.tag(), written.get(written.size() - 1).hex()));
      } else {
        archive.file("blobs/sha256/" + configHex, config);
        List<ImageJson.Descriptor> layerDescriptors = new ArrayList<>();
        for (LayerWriter.Written w : written) {
          layerDescriptors.add(
              new ImageJson.Descriptor(ImageJson.OCI_LAYER, "sha256:" + w.hex(), w.size()));
        }
        byte[] manifest =
            ImageJson.ociManifest(
                new ImageJson.Descriptor(ImageJson.OCI_CONFIG, "sha256:" + configHex, config.length),
                layerDescriptors);
        String manifestHex = sha256Hex(manifest);
        archive.file("blobs/sha256/" + manifestHex, manifest);
        top =
            ImageJson.ociIndex(
                new ImageJson.Descriptor(
                    ImageJson.OCI_MANIFEST, "sha256:" + manifestHex, manifest.length),
                spec.repoTag());
        archive.file("index.json", top);
      }
      archive.finish();
      return new Written("sha256:" + configHex, sha256Hex(top), diffIds);
    }
  }

  static String sha256Hex(byte[] bytes) {
    MessageDigest md = HashPipeline.sha256();
    return HashPipeline.hex(md.digest(bytes));
  }
}
