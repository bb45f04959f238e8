package org.ocidsl.engine.image.archive;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ocidsl.engine.image.tree.ImageTree;

/**
 * Splits an image tree into at most N layers, as {@code guix pack --max-layers} does with store
 * items: every regular file (with its hard links) is a candidate; the candidates needed by the
 * most programs, then the largest, get a layer of their own (the file and its parent
 * directories), up to N-1 of them; everything else (directories, symlinks, the other files) goes
 * into the last layer. A file's own layer depends only on that file and its path, so images that
 * share a program or library share that layer (same bytes, same diff ID).
 */
final class Layering {
  private Layering() {}

  /** One layer: its entries in writing order, and a description for the image's history. */
  record Layer(List<ImageTree.Node> entries, String description) {}

  static List<Layer> split(ImageTree tree, int maxLayers) {
    List<ImageTree.Node> all = tree.nodes();
    if (maxLayers <= 1) {
      return List.of(new Layer(all, "all files"));
    }
    // Candidates: one per blob (hard links together), in tree order.
    Map<ImageTree.Blob, List<ImageTree.Node>> byBlob = new IdentityHashMap<>();
    Map<ImageTree.Blob, Integer> order = new IdentityHashMap<>();
    for (ImageTree.Node n : all) {
      if (n.kind() == ImageTree.Kind.FILE && n.blob().size() > 0) {
        byBlob.computeIfAbsent(n.blob(), b -> new ArrayList<>()).add(n);
        order.putIfAbsent(n.blob(), order.size());
      }
    }
    List<ImageTree.Blob> candidates = new ArrayList<>(byBlob.keySet());
    candidates.sort(
        Comparator.<ImageTree.Blob>comparingInt(b -> -users(byBlob.get(b)))
            .thenComparing(b -> -b.size())
            .thenComparingInt(order::get));
    int own = Math.min(maxLayers - 1, candidates.size());

    List<Layer> layers = new ArrayList<>();
    Set<ImageTree.Node> taken = Collections.newSetFromMap(new IdentityHashMap<>());
    for (ImageTree.Blob b : candidates.subList(0, own)) {
      Set<ImageTree.Node> members = Collections.newSetFromMap(new IdentityHashMap<>());
      for (ImageTree.Node n : byBlob.get(b)) {
        members.add(n);
        taken.add(n);
        for (ImageTree.Node p = n.parent(); p != null && p.parent() != null; p = p.parent()) {
          members.add(p);
        }
      }
      List<ImageTree.Node> entries = new ArrayList<>();
      for (ImageTree.Node n : all) {
        if (members.contains(n)) {
          entries.add(n);
        }
      }
      layers.add(new Layer(entries, byBlob.get(b).get(0).path()));
    }
    List<ImageTree.Node> rest = new ArrayList<>();
    for (ImageTree.Node n : all) {
      if (!taken.contains(n)) {
        rest.add(n);
      }
    }
    if (!rest.isEmpty() || layers.isEmpty()) {
      layers.add(new Layer(rest, layers.isEmpty() ? "all files" : "the other files"));
    }
    return layers;
  }

  private static int users(List<ImageTree.Node> nodes) {
    int u = 0;
    for (ImageTree.Node n : nodes) {
      u = Math.max(u, n.users());
    }
    return u;
  }
}
