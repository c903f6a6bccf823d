package io.aviary.tenant.secret;

import io.aviary.service.secret.RandomIds;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashing in the PHC string format ({@code $argon2id$v=19$m=...,t=...,p=...$salt$
 * hash}). Defaults follow the OWASP password storage recommendation (19 MiB, 2 passes, 1 lane).
 * Verification reads the parameters from the stored hash, so they can be raised later. Each hash
 * holds its memory cost, so the number computed at once is bounded; callers beyond the bound wait
 * briefly and then get a {@link Busy}.
 */
public final class PasswordHasher {

  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private final int memoryKib;
  private final int iterations;
  private final int parallelism;
  private static final long WAIT_SECONDS = 10;

  private final SecureRandom random = new SecureRandom();
  private final Semaphore permits;
  private final String dummyHash;

  /**
   * @param memoryKib Argon2 memory cost in KiB
   * @param iterations Argon2 passes
   * @param parallelism Argon2 lanes
   * @param maxConcurrent most hashes computed at once
   */
  public PasswordHasher(int memoryKib, int iterations, int parallelism, int maxConcurrent) {
    this.memoryKib = memoryKib;
    this.iterations = iterations;
    this.parallelism = parallelism;
    this.permits = new Semaphore(maxConcurrent, true);
    this.dummyHash = hash("not-a-real-password-" + RandomIds.base32(16));
  }

  /**
   * The OWASP-recommended Argon2id parameters (19 MiB, t=2, p=1), at most two hashes per core at
   * once.
   */
  public static PasswordHasher owaspDefaults() {
    return new PasswordHasher(
        19 * 1024, 2, 1, Math.max(2, 2 * Runtime.getRuntime().availableProcessors()));
  }

  /** Too many hashes are being computed; retry later. */
  public static final class Busy extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Busy() {
      super("password hashing is saturated", null, false, false);
    }
  }

  /** A PHC-format Argon2id hash of {@code password} with a fresh salt. */
  public String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] hash = derive(password, salt, memoryKib, iterations, parallelism, HASH_BYTES);
    return "$argon2id$v=19$m="
        + memoryKib
        + ",t="
        + iterations
        + ",p="
        + parallelism
        + "$"
        + B64.encodeToString(salt)
        + "$"
        + B64.encodeToString(hash);
  }

  /** Whether {@code password} matches {@code encoded}; false for any malformed hash. */
  public boolean verify(String password, String encoded) {
    String[] parts = encoded == null ? new String[0] : encoded.split("\\$");
    // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
    if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
      return false;
    }
    try {
      int m = 0;
      int t = 0;
      int p = 0;
      for (String param : parts[3].split(",")) {
        int value = Integer.parseInt(param.substring(2));
        switch (param.substring(0, 2)) {
          case "m=" -> m = value;
          case "t=" -> t = value;
          case "p=" -> p = value;
          default -> {
            return false;
          }
        }
      }
      if (m < 8 || t < 1 || p < 1 || m > 1024 * 1024 || t > 100 || p > 64) {
        return false;
      }
      byte[] salt = B64D.decode(parts[4]);
      byte[] expected = B64D.decode(parts[5]);
      byte[] actual = derive(password, salt, m, t, p, expected.length);
      return MessageDigest.isEqual(expected, actual);
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      return false;
    }
  }

  /**
   * Spends the time of one verification and returns false: used when the account does not exist, so
   * that response time does not reveal which emails are registered.
   */
  public boolean verifyNothing(String password) {
    verify(password, dummyHash);
    return false;
  }

  private byte[] derive(
      String password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
    try {
      if (!permits.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw new Busy();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Busy();
    }
    try {
      return argon2(password, salt, memoryKib, iterations, parallelism, length);
    } finally {
      permits.release();
    }
  }

  private static byte[] argon2(
      String password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
    Argon2Parameters params =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(memoryKib)
            .withIterations(iterations)
            .withParallelism(parallelism)
            .withSalt(salt)
            .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(params);
    byte[] out = new byte[length];
    generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }
}
