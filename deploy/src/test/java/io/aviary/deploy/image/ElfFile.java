package io.aviary.deploy.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The shared libraries a 64-bit little-endian ELF file names as DT_NEEDED, read as ld.so would. */
final class ElfFile {

  private static final int PT_LOAD = 1;
  private static final int PT_DYNAMIC = 2;
  private static final long DT_NEEDED = 1;
  private static final long DT_STRTAB = 5;

  private ElfFile() {}

  static boolean isElf(byte[] bytes) {
    return bytes.length > 64
        && bytes[0] == 0x7f
        && bytes[1] == 'E'
        && bytes[2] == 'L'
        && bytes[3] == 'F';
  }

  static List<String> needed(byte[] bytes) {
    if (!isElf(bytes) || bytes[4] != 2 || bytes[5] != 1) {
      throw new IllegalArgumentException("not a 64-bit little-endian ELF file");
    }
    ByteBuffer elf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long phoff = elf.getLong(0x20);
    int phentsize = Short.toUnsignedInt(elf.getShort(0x36));
    int phnum = Short.toUnsignedInt(elf.getShort(0x38));
    List<long[]> loads = new ArrayList<>(); // {vaddr, offset, filesz}
    long dynamicOffset = -1;
    long dynamicSize = 0;
    for (int i = 0; i < phnum; i++) {
      int header = Math.toIntExact(phoff + (long) i * phentsize);
      int type = elf.getInt(header);
      if (type == PT_LOAD) {
        loads.add(
            new long[] {
              elf.getLong(header + 0x10), elf.getLong(header + 0x08), elf.getLong(header + 0x20)
            });
      } else if (type == PT_DYNAMIC) {
        dynamicOffset = elf.getLong(header + 0x08);
        dynamicSize = elf.getLong(header + 0x20);
      }
    }
    if (dynamicOffset < 0) {
      return List.of(); // statically linked
    }
    List<Long> neededOffsets = new ArrayList<>();
    long strtab = -1;
    for (long at = dynamicOffset; at + 16 <= dynamicOffset + dynamicSize; at += 16) {
      long tag = elf.getLong(Math.toIntExact(at));
      long value = elf.getLong(Math.toIntExact(at + 8));
      if (tag == 0) {
        break;
      } else if (tag == DT_NEEDED) {
        neededOffsets.add(value);
      } else if (tag == DT_STRTAB) {
        strtab = value;
      }
    }
    long strings = fileOffset(loads, strtab);
    List<String> needed = new ArrayList<>();
    for (long offset : neededOffsets) {
      int start = Math.toIntExact(strings + offset);
      int end = start;
      while (bytes[end] != 0) {
        end++;
      }
      needed.add(new String(bytes, start, end - start, StandardCharsets.US_ASCII));
    }
    return needed;
  }

  private static long fileOffset(List<long[]> loads, long vaddr) {
    for (long[] load : loads) {
      if (vaddr >= load[0] && vaddr < load[0] + load[2]) {
        return vaddr - load[0] + load[1];
      }
    }
    throw new IllegalArgumentException("address " + vaddr + " is in no loaded segment");
  }
}
