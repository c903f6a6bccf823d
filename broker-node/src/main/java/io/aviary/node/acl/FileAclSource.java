package io.aviary.node.acl;

import io.aviary.broker.tenant.OrgId;
import io.aviary.node.identity.OrgSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Policies from {@code <org_id>.acl.json} files (ACL v2 documents) next to the organization files,
 * for a broker without acl-service. The version is the file's modification time in milliseconds.
 */
public final class FileAclSource implements OrgSource<OrgPolicy> {
  /** The suffix of policy files. */
  public static final String SUFFIX = ".acl.json";

  private final Path dir;
  private final Executor executor;

  public FileAclSource(Path dir, Executor executor) {
    this.dir = dir;
    this.executor = executor;
  }

  @Override
  public CompletionStage<Optional<OrgPolicy>> fetch(OrgId org) {
    return CompletableFuture.supplyAsync(() -> read(org), executor);
  }

  private Optional<OrgPolicy> read(OrgId org) {
    Path file = dir.resolve(org.value() + SUFFIX);
    try {
      long version = Files.getLastModifiedTime(file).toMillis();
      return Optional.of(
          OrgPolicy.parse(
              version, Files.readString(file, StandardCharsets.UTF_8), file.toString()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
