package org.ocidsl.engine.image.tree;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.ocidsl.engine.OcidslException;

/**
 * The file system of an image, as metadata only (contents stay on the host until written).
 *
 * <p>Paths are resolved inside the image: a file put at {@code /bin/sh} while {@code /bin} is a
 * symlink to {@code usr/bin} lands in {@code /usr/bin/sh}, so that no layer ever holds a
 * directory where another holds a symlink. Children are kept sorted by name, the order entries
 * are written in.
 */
public final class ImageTree {
  private static final int MAX_SYMLINK_HOPS = 40;

  public enum Kind {
    DIRECTORY,
    FILE,
    SYMLINK
  }

  /** File content on the host; hard links to one host file share one blob. */
  public static final class Blob {
    private final HostFile file;
    private byte[] sha256;

    Blob(HostFile file) {
      this.file = file;
    }

    /** The host file, as stated when the tree was made. */
    public HostFile file() {
      return file;
    }

    /** The size stated, which the image's entry has whatever the file's is when it is read. */
    public long size() {
      return file.size();
    }

    /** The SHA-256 of the content, once known (from the stat index or while writing); or null. */
    public byte[] sha256() {
      return sha256;
    }

    public void setSha256(byte[] sha256) {
      this.sha256 = sha256;
    }
  }

  /** An entry of the image: a directory, a file or a symlink. */
  public static final class Node {
    private final String name;
    private final Node parent;
    private Kind kind;
    private int mode;
    private String linkTarget;
    private Blob blob;
    private TreeMap<String, Node> children;
    int users;

    private Node(String name, Node parent) {
      this.name = name;
      this.parent = parent;
    }

    /** The name in its directory; empty for the root. */
    public String name() {
      return name;
    }

    /** The directory that holds it; null for the root. */
    public Node parent() {
      return parent;
    }

    public Kind kind() {
      return kind;
    }

    /** The permission bits, with set-user-ID, set-group-ID and sticky. */
    public int mode() {
      return mode;
    }

    /** A symlink's target, as stored; null for the others. */
    public String linkTarget() {
      return linkTarget;
    }

    /** A file's content; null for the others. */
    public Blob blob() {
      return blob;
    }

    /** How many programs need this file (for layering); 0 for files not from programs. */
    public int users() {
      return users;
    }

    /** The absolute path in the image. */
    public String path() {
      if (parent == null) {
        return "/";
      }
      String p = parent.path();
      return p.equals("/") ? "/" + name : p + "/" + name;
    }

    boolean isDirectory() {
      return kind == Kind.DIRECTORY;
    }

    private void becomeDirectory(int mode) {
      this.kind = Kind.DIRECTORY;
      this.mode = mode;
      this.linkTarget = null;
      this.blob = null;
      if (children == null) {
        children = new TreeMap<>();
      }
    }
  }

  private final Node root = new Node("", null);

  ImageTree() {
    root.becomeDirectory(0755);
  }

  Node root() {
    return root;
  }

  /** The node at {@code path}, every symlink followed (the last one too), or null. */
  Node lookup(String path) {
    return lookup(path, true);
  }

  /** The node at {@code path}; the last component's symlink is followed only if asked. */
  Node lookup(String path, boolean followLast) {
    int[] hops = {0};
    Node dir = resolveDirectory(ImagePaths.parent(path), false, hops);
    if (dir == null || path.equals("/")) {
      return path.equals("/") ? root : null;
    }
    Node n = dir.children.get(path.substring(path.lastIndexOf('/') + 1));
    while (followLast && n != null && n.kind == Kind.SYMLINK) {
      if (++hops[0] > MAX_SYMLINK_HOPS) {
        return null;
      }
      String target = ImagePaths.resolve(n.parent.path(), n.linkTarget);
      Node targetDir = resolveDirectory(ImagePaths.parent(target), false, hops);
      n = targetDir == null || target.equals("/")
          ? (target.equals("/") ? root : null)
          : targetDir.children.get(target.substring(target.lastIndexOf('/') + 1));
    }
    return n;
  }

  /**
   * Makes {@code path} a directory (its parents too). {@code implicit} directories (mode 0755)
   * give way to the mode of any explicit one; among explicit ones the last wins.
   */
  Node putDirectory(String path, int mode, boolean implicit) {
    Node dir = resolveDirectory(path, true, new int[] {0});
    if (!implicit && dir != root) {
      dir.mode = mode;
    }
    return dir;
  }

  /** Puts a file with {@code blob}'s content at {@code path}, replacing a file or symlink. */
  Node putFile(String path, Blob blob, int mode) {
    if (path.equals("/")) {
      throw new OcidslException("cannot put a file at the image's root");
    }
    Node dir = resolveDirectory(ImagePaths.parent(path), true, new int[] {0});
    return putFileIn(dir, path.substring(path.lastIndexOf('/') + 1), blob, mode);
  }

  /** Puts a file named {@code name} in the directory {@code dir} (see {@link #putFile}). */
  Node putFileIn(Node dir, String name, Blob blob, int mode) {
    Node n = placeLeaf(dir, name, "file");
    n.kind = Kind.FILE;
    n.mode = mode & 07777;
    n.blob = blob;
    n.linkTarget = null;
    n.children = null;
    return n;
  }

  /**
   * Puts a symlink at {@code path}, replacing a file or symlink. A symlink never replaces a
   * directory: then nothing is put and null is returned.
   */
  Node putSymlink(String path, String target) {
    Node dir = resolveDirectory(ImagePaths.parent(path), true, new int[] {0});
    return putSymlinkIn(dir, path.substring(path.lastIndexOf('/') + 1), target);
  }

  /** Puts a symlink named {@code name} in the directory {@code dir} (see {@link #putSymlink}). */
  Node putSymlinkIn(Node dir, String name, String target) {
    Node existing = dir.children.get(name);
    if (existing != null && existing.isDirectory()) {
      return null;
    }
    Node n = existing != null ? existing : new Node(name, dir);
    dir.children.put(name, n);
    n.kind = Kind.SYMLINK;
    n.mode = 0777;
    n.linkTarget = target;
    n.blob = null;
    n.children = null;
    return n;
  }

  /**
   * Makes {@code name} in the directory {@code dir} a directory with {@code mode}, following it
   * if it is a symlink to a directory, as {@link #putDirectory} does.
   */
  Node putDirectoryIn(Node dir, String name, int mode) {
    Node child = dir.children.get(name);
    if (child == null || child.kind == Kind.DIRECTORY) {
      if (child == null) {
        child = new Node(name, dir);
        dir.children.put(name, child);
      }
      child.becomeDirectory(mode);
      return child;
    }
    return putDirectory(child.path(), mode, false);
  }

  private Node placeLeaf(Node dir, String name, String what) {
    Node existing = dir.children.get(name);
    if (existing != null && existing.isDirectory() && !existing.children.isEmpty()) {
      throw new OcidslException(
          "cannot put a " + what + " at " + existing.path() + ": it is a directory in the image");
    }
    Node n = existing != null ? existing : new Node(name, dir);
    dir.children.put(name, n);
    return n;
  }

  /** The directory at {@code path}, symlinks followed; made (0755, implicit) if asked. */
  private Node resolveDirectory(String path, boolean create, int[] hops) {
    Node cur = root;
    for (String comp : ImagePaths.components(path)) {
      Node child = cur.children.get(comp);
      if (child == null) {
        if (!create) {
          return null;
        }
        child = new Node(comp, cur);
        child.becomeDirectory(0755);
        cur.children.put(comp, child);
      }
      if (child.kind == Kind.SYMLINK) {
        if (++hops[0] > MAX_SYMLINK_HOPS) {
          throw new OcidslException("too many levels of symbolic links at " + child.path());
        }
        String target = ImagePaths.resolve(cur.path(), child.linkTarget);
        child = resolveDirectory(target, create, hops);
        if (child == null) {
          return null;
        }
      }
      if (child.kind == Kind.FILE) {
        throw new OcidslException(
            "cannot put anything under " + child.path() + ": it is a file in the image");
      }
      cur = child;
    }
    return cur;
  }

  /** Every node but the root, parents before children, children by name. */
  public void walk(Consumer<Node> visitor) {
    Deque<Iterator<Node>> stack = new ArrayDeque<>();
    stack.push(root.children.values().iterator());
    while (!stack.isEmpty()) {
      Iterator<Node> it = stack.peek();
      if (!it.hasNext()) {
        stack.pop();
        continue;
      }
      Node n = it.next();
      visitor.accept(n);
      if (n.isDirectory() && !n.children.isEmpty()) {
        stack.push(n.children.values().iterator());
      }
    }
  }

  /** All nodes, in {@link #walk} order. */
  public List<Node> nodes() {
    List<Node> all = new ArrayList<>();
    walk(all::add);
    return all;
  }
}
