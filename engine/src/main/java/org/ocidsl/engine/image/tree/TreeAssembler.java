package org.ocidsl.engine.image.tree;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.image.api.BuildListener;
import org.ocidsl.engine.image.api.FileEntry;
import org.ocidsl.engine.image.api.ImageContent;
import org.ocidsl.engine.image.api.ImageSpec;
import org.ocidsl.engine.image.elf.ElfClosure;
import org.ocidsl.engine.image.elf.LdSoCache;

/**
 * Turns an image's content and pack options into an {@link ImageTree}: the content first, then
 * the extra files, then the symlinks, as {@code guix pack} adds them. Only metadata is read here.
 */
public final class TreeAssembler {
  private static final int MAX_HOPS = 40;

  private final ImageTree tree = new ImageTree();
  private final BuildListener listener;
  private final LdSoCache ldCache;
  /** Host files by (device, inode), so that hard links share one blob. */
  private final Map<List<Long>, ImageTree.Blob> blobs = new HashMap<>();
  private final Map<String, HostFile> lstatCache = new HashMap<>();

  private TreeAssembler(BuildListener listener, LdSoCache ldCache) {
    this.listener = listener;
    this.ldCache = ldCache;
  }

  /**
   * The tree of {@code spec}, whose content must not be a tarball; {@code ldCache}, the dynamic
   * linker's cache, finds the libraries of programs.
   */
  public static ImageTree assemble(ImageSpec spec, BuildListener listener, LdSoCache ldCache)
      throws IOException {
    TreeAssembler a = new TreeAssembler(listener, ldCache);
    a.addContent(spec.content(), spec);
    for (FileEntry e : spec.packOptions().extraFiles()) {
      a.addEntry(e);
    }
    for (FileEntry.Symlink s : spec.packOptions().symlinks()) {
      a.addEntry(s);
    }
    return a.tree;
  }

  private void addContent(ImageContent content, ImageSpec spec) throws IOException {
    if (content instanceof ImageContent.Directory d) {
      Path root = d.root().toAbsolutePath();
      if (!statExisting(root, "directory").isDirectory()) {
        throw new OcidslException("not a directory: " + d.root());
      }
      copyTree(root.toRealPath(), tree.root());
    } else if (content instanceof ImageContent.Files f) {
      for (FileEntry e : f.entries()) {
        addEntry(e);
      }
    } else if (content instanceof ImageContent.Programs p) {
      addPrograms(p.programs(), spec);
    } else {
      throw new IllegalArgumentException("a tarball has no tree: " + content);
    }
  }

  private void addEntry(FileEntry entry) throws IOException {
    if (entry instanceof FileEntry.CopiedFile f) {
      HostFile hf = statFollowing(f.source());
      if (hf.isDirectory()) {
        throw new OcidslException("is a directory, not a file: " + f.source());
      }
      if (!hf.isRegularFile()) {
        throw new OcidslException("not a regular file: " + f.source());
      }
      tree.putFile(f.destination(), blob(hf), hf.permissions());
    } else if (entry instanceof FileEntry.CopiedDirectory d) {
      HostFile hf = statFollowing(d.source());
      if (!hf.isDirectory()) {
        throw new OcidslException("not a directory: " + d.source());
      }
      ImageTree.Node dest = tree.putDirectory(d.destination(), hf.permissions(), false);
      copyTree(d.source().toRealPath(), dest);
    } else if (entry instanceof FileEntry.Symlink s) {
      if (tree.putSymlink(s.link(), s.target()) == null) {
        listener.warning("symlink " + s.link() + " not added: a directory is there");
      }
    } else if (entry instanceof FileEntry.EmptyDirectory d) {
      tree.putDirectory(d.path(), d.mode(), false);
    }
  }

  /** Copies the host tree under {@code dir} into the image directory {@code dest}. */
  private void copyTree(Path dir, ImageTree.Node dest) throws IOException {
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        children.add(p);
      }
    }
    for (Path p : children) {
      String name = p.getFileName().toString();
      HostFile hf = HostFile.lstat(p);
      if (hf.isDirectory()) {
        copyTree(p, tree.putDirectoryIn(dest, name, hf.permissions()));
      } else if (hf.isRegularFile()) {
        tree.putFileIn(dest, name, blob(hf), hf.permissions());
      } else if (hf.isSymlink()) {
        String link = Files.readSymbolicLink(p).toString();
        if (tree.putSymlinkIn(dest, name, link) == null) {
          listener.warning("symlink " + p + " not added: a directory is there in the image");
        }
      } else {
        listener.warning("skipped " + p + ": not a file, directory or symlink");
      }
    }
  }

  private void addPrograms(List<Path> programs, ImageSpec spec) throws IOException {
    listener.step("resolving shared libraries of " + programs.size() + " program(s)");
    ElfClosure.Result closure = new ElfClosure(ldCache).closure(programs);
    for (Path p : closure.files()) {
      addHostPath(p.toString());
    }
    for (Map.Entry<Path, Integer> e : closure.users().entrySet()) {
      ImageTree.Node n = tree.lookup(e.getKey().toString());
      if (n != null) {
        n.users = Math.max(n.users, e.getValue());
      }
    }
    // The image has no ld.so.cache: make libraries that only the host's cache finds reachable
    // from a directory the linker searches.
    for (Map.Entry<String, Path> e : closure.cacheOnly().entrySet()) {
      if (tree.lookup(e.getKey()) == null) {
        tree.putSymlink(e.getKey(), e.getValue().toString());
      }
    }
    checkArchitecture(closure.files(), spec);
  }

  private void checkArchitecture(List<Path> files, ImageSpec spec) throws IOException {
    if (spec.system().isEmpty() || files.isEmpty()) {
      return;
    }
    Path first = files.get(0);
    String arch = ElfClosure.architecture(first);
    if (arch != null && !arch.equals(spec.architecture())) {
      listener.warning(
          first + " is built for " + arch + " but the image is for " + spec.architecture()
              + " (system " + spec.system().get() + ")");
    }
  }

  /**
   * Adds the host file at absolute {@code path} at the same path in the image, with every
   * symlink met on the way (in directories too: {@code /lib64 -> usr/lib64}, then {@code
   * /usr/lib64/ld-linux-x86-64.so.2 -> /lib/...}), and the real directories with their modes.
   * If the image already has a directory where the host has a symlink, {@code path} itself is
   * added as a symlink to the real file, so it still leads there.
   */
  private ImageTree.Node addHostPath(String path) throws IOException {
    ImageTree.Node node = addHostPath(ImagePaths.absolute("Program path", path), 0);
    if (tree.lookup(path) != node) {
      tree.putSymlink(path, node.path());
    }
    return node;
  }

  private ImageTree.Node addHostPath(String path, int hops) throws IOException {
    List<String> comps = ImagePaths.components(path);
    String cur = "/";
    for (int i = 0; i < comps.size(); i++) {
      String next = cur.equals("/") ? "/" + comps.get(i) : cur + "/" + comps.get(i);
      HostFile hf = lstatCached(next);
      if (hf.isSymlink()) {
        if (hops >= MAX_HOPS) {
          throw new OcidslException("too many levels of symbolic links: " + path);
        }
        String target = Files.readSymbolicLink(Path.of(next)).toString();
        tree.putSymlink(next, target);
        String resolved = ImagePaths.resolve(cur, target);
        String rest = String.join("/", comps.subList(i + 1, comps.size()));
        return addHostPath(rest.isEmpty() ? resolved : ImagePaths.resolve(resolved, rest), hops + 1);
      }
      boolean last = i == comps.size() - 1;
      if (hf.isDirectory()) {
        ImageTree.Node dir = tree.putDirectory(next, hf.permissions(), false);
        if (last) {
          return dir;
        }
      } else if (!last) {
        throw new OcidslException("not a directory: " + next + " (in " + path + ")");
      } else if (hf.isRegularFile()) {
        return tree.putFile(next, blob(hf), hf.permissions());
      } else {
        throw new OcidslException("not a regular file: " + next);
      }
      cur = next;
    }
    return tree.root();
  }

  private HostFile lstatCached(String path) throws IOException {
    HostFile hf = lstatCache.get(path);
    if (hf == null) {
      try {
        hf = HostFile.lstat(Path.of(path));
      } catch (NoSuchFileException e) {
        throw new OcidslException("no such file: " + path);
      }
      lstatCache.put(path, hf);
    }
    return hf;
  }

  private ImageTree.Blob blob(HostFile hf) {
    if (hf.nlink() <= 1) {
      return new ImageTree.Blob(hf);
    }
    return blobs.computeIfAbsent(List.of(hf.dev(), hf.ino()), k -> new ImageTree.Blob(hf));
  }

  private static HostFile statExisting(Path p, String what) throws IOException {
    try {
      return HostFile.stat(p);
    } catch (NoSuchFileException e) {
      throw new OcidslException("no such " + what + ": " + p);
    }
  }

  private static HostFile statFollowing(Path p) throws IOException {
    try {
      return HostFile.stat(p.toAbsolutePath());
    } catch (NoSuchFileException e) {
      throw new OcidslException("no such file: " + p);
    }
  }
}
