package org.ocidsl.engine.image.elf;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the dynamic linker reads from an ELF object: its class and machine, its interpreter
 * ({@code PT_INTERP}) and the dynamic section's {@code DT_NEEDED}, {@code DT_RPATH}, {@code
 * DT_RUNPATH} and {@code DT_SONAME}. Only headers and the dynamic string table are read.
 *
 * @param is64 ELFCLASS64 (else ELFCLASS32)
 * @param machine {@code e_machine} (62 for x86-64, 183 for AArch64, …)
 * @param interpreter the program interpreter, for executables that have one
 * @param needed the {@code DT_NEEDED} names, in order
 * @param rpath the {@code DT_RPATH} directories (unexpanded), empty if none
 * @param runpath the {@code DT_RUNPATH} directories (unexpanded), or empty if there is none
 * @param hasRunpath whether {@code DT_RUNPATH} is present (it disables {@code DT_RPATH})
 * @param soname {@code DT_SONAME}, if any
 */
record ElfFile(
    boolean is64,
    boolean littleEndian,
    int machine,
    Optional<String> interpreter,
    List<String> needed,
    List<String> rpath,
    List<String> runpath,
    boolean hasRunpath,
    Optional<String> soname) {

  static final int EM_386 = 3;
  static final int EM_MIPS = 8;
  static final int EM_PPC64 = 21;
  static final int EM_S390 = 22;
  static final int EM_ARM = 40;
  static final int EM_X86_64 = 62;
  static final int EM_AARCH64 = 183;
  static final int EM_RISCV = 243;

  private static final int PT_LOAD = 1;
  private static final int PT_DYNAMIC = 2;
  private static final int PT_INTERP = 3;
  private static final long DT_NULL = 0;
  private static final long DT_NEEDED = 1;
  private static final long DT_STRTAB = 5;
  private static final long DT_STRSZ = 10;
  private static final long DT_SONAME = 14;
  private static final long DT_RPATH = 15;
  private static final long DT_RUNPATH = 29;

  /** True if {@code path} starts with the ELF magic. */
  static boolean isElf(Path path) throws IOException {
    try (FileChannel ch = FileChannel.open(path)) {
      ByteBuffer b = ByteBuffer.allocate(4);
      while (b.hasRemaining() && ch.read(b) > 0) {}
      return b.position() == 4
          && b.get(0) == 0x7f
          && b.get(1) == 'E'
          && b.get(2) == 'L'
          && b.get(3) == 'F';
    }
  }

  /**
   * Parses the ELF object at {@code path}.
   *
   * @throws IOException if it cannot be read or is not a well-formed ELF object
   */
  static ElfFile read(Path path) throws IOException {
    try (FileChannel ch = FileChannel.open(path)) {
      return new Reader(ch, path).parse();
    }
  }

  /** Is an object with this header loadable together with {@code other} (same class, machine)? */
  boolean compatibleWith(ElfFile other) {
    return is64 == other.is64 && machine == other.machine && littleEndian == other.littleEndian;
  }

  /** Statically linked: nothing to load. */
  boolean isStatic() {
    return interpreter.isEmpty() && needed.isEmpty();
  }

  private static final class Reader {
    private final FileChannel ch;
    private final Path path;
    private final long fileSize;
    private boolean is64;
    private ByteOrder order;

    Reader(FileChannel ch, Path path) throws IOException {
      this.ch = ch;
      this.path = path;
      this.fileSize = ch.size();
    }

    private ByteBuffer at(long offset, int length) throws IOException {
      if (offset < 0 || length < 0 || offset + length > fileSize) {
        throw new IOException("truncated ELF file: " + path);
      }
      ByteBuffer b = ByteBuffer.allocate(length).order(order == null ? ByteOrder.LITTLE_ENDIAN : order);
      long pos = offset;
      while (b.hasRemaining()) {
        int n = ch.read(b, pos);
        if (n < 0) {
          throw new EOFException("truncated ELF file: " + path);
        }
        pos += n;
      }
      return b.flip();
    }

    private long word(ByteBuffer b, int offset) {
      return is64 ? b.getLong(offset) : Integer.toUnsignedLong(b.getInt(offset));
    }

    ElfFile parse() throws IOException {
      ByteBuffer ident = at(0, 16);
      if (ident.get(0) != 0x7f || ident.get(1) != 'E' || ident.get(2) != 'L' || ident.get(3) != 'F') {
        throw new IOException("not an ELF file: " + path);
      }
      int cls = ident.get(4);
      int data = ident.get(5);
      if ((cls != 1 && cls != 2) || (data != 1 && data != 2)) {
        throw new IOException("unknown ELF class or data encoding: " + path);
      }
      is64 = cls == 2;
      order = data == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
      ByteBuffer eh = at(0, is64 ? 64 : 52);
      int machine = Short.toUnsignedInt(eh.getShort(18));
      long phoff = word(eh, is64 ? 32 : 28);
      int phentsize = Short.toUnsignedInt(eh.getShort(is64 ? 54 : 42));
      int phnum = Short.toUnsignedInt(eh.getShort(is64 ? 56 : 44));
      if (phnum > 0 && phentsize < (is64 ? 56 : 32)) {
        throw new IOException("bad program header size in " + path);
      }
      ByteBuffer ph = phnum == 0 ? ByteBuffer.allocate(0) : at(phoff, phentsize * phnum);

      String interpreter = null;
      long dynOffset = -1;
      long dynSize = 0;
      List<long[]> loads = new ArrayList<>(); // {vaddr, offset, filesz}
      for (int i = 0; i < phnum; i++) {
        int base = i * phentsize;
        int type = ph.getInt(base);
        long offset = word(ph, base + (is64 ? 8 : 4));
        long vaddr = word(ph, base + (is64 ? 16 : 8));
        long filesz = word(ph, base + (is64 ? 32 : 16));
        if (type == PT_INTERP) {
          ByteBuffer s = at(offset, (int) Math.min(filesz, 4096));
          interpreter = cString(s, 0);
        } else if (type == PT_DYNAMIC) {
          dynOffset = offset;
          dynSize = filesz;
        } else if (type == PT_LOAD) {
          loads.add(new long[] {vaddr, offset, filesz});
        }
      }

      List<Long> neededOffsets = new ArrayList<>();
      long rpathOff = -1;
      long runpathOff = -1;
      long sonameOff = -1;
      long strtab = -1;
      long strsz = 0;
      if (dynOffset >= 0) {
        int entSize = is64 ? 16 : 8;
        ByteBuffer dyn = at(dynOffset, (int) Math.min(dynSize, 1 << 20));
        for (int p = 0; p + entSize <= dyn.limit(); p += entSize) {
          long tag = is64 ? dyn.getLong(p) : dyn.getInt(p);
          long val = word(dyn, p + entSize / 2);
          if (tag == DT_NULL) {
            break;
          } else if (tag == DT_NEEDED) {
            neededOffsets.add(val);
          } else if (tag == DT_STRTAB) {
            strtab = val;
          } else if (tag == DT_STRSZ) {
            strsz = val;
          } else if (tag == DT_RPATH) {
            rpathOff = val;
          } else if (tag == DT_RUNPATH) {
            runpathOff = val;
          } else if (tag == DT_SONAME) {
            sonameOff = val;
          }
        }
      }

      List<String> needed = new ArrayList<>();
      String rpath = null;
      String runpath = null;
      String soname = null;
      if (strtab >= 0 && strsz > 0) {
        long strOffset = fileOffset(loads, strtab);
        ByteBuffer strings = at(strOffset, (int) Math.min(strsz, fileSize - strOffset));
        for (long off : neededOffsets) {
          needed.add(cString(strings, off));
        }
        rpath = rpathOff >= 0 ? cString(strings, rpathOff) : null;
        runpath = runpathOff >= 0 ? cString(strings, runpathOff) : null;
        soname = sonameOff >= 0 ? cString(strings, sonameOff) : null;
      } else if (!neededOffsets.isEmpty()) {
        throw new IOException("dynamic section without a string table: " + path);
      }
      return new ElfFile(
          is64,
          order == ByteOrder.LITTLE_ENDIAN,
          machine,
          Optional.ofNullable(interpreter),
          List.copyOf(needed),
          splitPath(rpath),
          splitPath(runpath),
          runpath != null,
          Optional.ofNullable(soname));
    }

    /** The file offset of virtual address {@code vaddr}, through the PT_LOAD segments. */
    private long fileOffset(List<long[]> loads, long vaddr) throws IOException {
      for (long[] l : loads) {
        if (vaddr >= l[0] && vaddr < l[0] + l[2]) {
          return l[1] + (vaddr - l[0]);
        }
      }
      if (loads.isEmpty()) {
        return vaddr; // relocatable objects: addresses are offsets
      }
      throw new IOException("string table outside the loaded segments: " + path);
    }

    private String cString(ByteBuffer b, long offset) throws IOException {
      if (offset < 0 || offset >= b.limit()) {
        throw new IOException("string offset out of range in " + path);
      }
      int start = (int) offset;
      int end = start;
      while (end < b.limit() && b.get(end) != 0) {
        end++;
      }
      byte[] bytes = new byte[end - start];
      b.get(start, bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private static List<String> splitPath(String s) {
    if (s == null || s.isEmpty()) {
      return List.of();
    }
    List<String> dirs = new ArrayList<>();
    for (String d : s.split(":")) {
      if (!d.isEmpty()) {
        dirs.add(d);
      }
    }
    return List.copyOf(dirs);
  }
}
