package io.aviary.audit.event;

import java.util.logging.Level;
import java.util.logging.Logger;
import net.jpountz.lz4.LZ4Factory;

/**
 * Makes Kafka compress and decompress lz4 with lz4-java's JNI build instead of its pure-Java one.
 * Kafka asks {@code LZ4Factory.fastestInstance()}, which tries the native library only when it is
 * already loaded or lz4-java sits on the system class loader; in a Quarkus application it does not,
 * so every audit batch would go through the Java compressor, which took a quarter of the broker's
 * shipping thread. Loading the native library once, before the first producer or consumer, changes
 * that answer for the whole JVM. Where the library cannot load (an unusual platform, no writable
 * temporary directory), Kafka keeps the Java one.
 */
public final class NativeLz4 {
  private static final Logger LOG = Logger.getLogger(NativeLz4.class.getName());

  private NativeLz4() {}

  /** Loads the native lz4 library if it can, once per JVM; whether it is loaded. */
  public static boolean load() {
    return Holder.LOADED;
  }

  /** Initialised on first use, by the JVM's class initialisation: once, thread-safely. */
  private static final class Holder {
    static final boolean LOADED = tryLoad();
  }

  private static boolean tryLoad() {
    try {
      LZ4Factory.nativeInstance();
      return true;
    } catch (Throwable e) { // UnsatisfiedLinkError, ExceptionInInitializerError, ...
      LOG.log(Level.INFO, "native lz4 unavailable, Kafka uses its Java lz4: {0}", e.toString());
      return false;
    }
  }
}
