package io.aviary.node.identity;

import io.aviary.broker.tenant.OrgId;
import io.vertx.core.json.JsonObject;
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
 * Organizations from a directory of {@code <org_id>.json} files in tenant-api's broker-config
 * format: for a broker without tenant-api (tests, air-gapped sites). Files are read off the event
 * loop.
 */
public final class FileOrgSource implements OrgSource<OrgConfig> {
  private final Path dir;
  private final Executor executor;

  public FileOrgSource(Path dir, Executor executor) {
    this.dir = dir;
    this.executor = executor;
  }

  @Override
  public CompletionStage<Optional<OrgConfig>> fetch(OrgId org) {
    return CompletableFuture.supplyAsync(() -> read(org), executor);
  }

  private Optional<OrgConfig> read(OrgId org) {
    Path file = dir.resolve(org.value() + ".json");
    try {
      OrgConfig config =
          OrgConfigJson.parse(new JsonObject(Files.readString(file, StandardCharsets.UTF_8)));
      if (!config.org().equals(org)) {
        throw new IllegalArgumentException(file + ": org_id does not match the file name");
      }
      return Optional.of(config);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
