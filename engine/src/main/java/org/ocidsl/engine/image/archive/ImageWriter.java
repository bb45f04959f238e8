package org.ocidsl.engine.image.archive;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ocidsl.engine.image.api.BuildListener;
import org.ocidsl.engine.image.api.Format;
import org.ocidsl.engine.image.api.ImageSpec;
import org.ocidsl.engine.image.tree.ImageTree;

/** Writes the archive of one image, in either {@link Format}, in one pass. */
public final class ImageWriter {
  private ImageWriter() {}

  /**
   * What was written.
   *
   * @param imageId {@code sha256:} + digest of the configuration
   * @param address hex digest of the top document ({@code manifest.json} or {@code index.json}),
   *     which addresses every byte of the archive
   * @param diffIds the layers' {@code sha256:} digests
   * @param bytesRead the content bytes read from host files
   */
  public record Written(String imageId, String address, List<String> diffIds, long bytesRead) {}

  /**
   * Writes the image of {@code spec} whose files are {@code tree} to {@code file}, in layers as
   * its pack options say ({@link Layering}). The digests of the tree's files that are not known
   * yet are computed on the way. {@code contentBytes}, the size of the tree's files, is what
   * progress is told against.
   */
  public static Written write(
      Path file,
      ImageSpec spec,
      Format format,
      ImageTree tree,
      long contentBytes,
      BuildListener listener)
      throws IOException {
    List<Layering.Layer> layers = Layering.split(tree, spec.packOptions().maxLayers());
    LayerWriter.Progress progress = new LayerWriter.Progress(listener, contentBytes);
    List<LayerWriter.Written> written = new ArrayList<>();
    try (ArchiveWriter archive = new ArchiveWriter(file);
        HashPipeline pipeline = new HashPipeline()) {
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
      String configHex = Digests.sha256Hex(config);
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
        String manifestHex = Digests.sha256Hex(manifest);
        archive.file("blobs/sha256/" + manifestHex, manifest);
        top =
            ImageJson.ociIndex(
                new ImageJson.Descriptor(
                    ImageJson.OCI_MANIFEST, "sha256:" + manifestHex, manifest.length),
                spec.repoTag());
        archive.file("index.json", top);
      }
      archive.finish();
      return new Written(
          "sha256:" + configHex, Digests.sha256Hex(top), diffIds, progress.done());
    }
  }
}
