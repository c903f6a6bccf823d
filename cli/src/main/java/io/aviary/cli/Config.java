package io.aviary.cli;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Properties;
import java.util.Set;

/**
 * Where the servers are and the API key to use. Each value comes from the first of: the environment
 * ({@code AVIARY_API_URL}, {@code AVIARY_ACL_URL}, {@code AVIARY_API_KEY}), the config file ({@code
 * api_url}, {@code acl_url}, {@code api_key}), the local default.
 *
 * @param apiUrl tenant-api
 * @param aclUrl acl-service
 * @param apiKey the API key, or null when none is configured
 */
record Config(URI apiUrl, URI aclUrl, String apiKey) {

  static final String DEFAULT_API_URL = "http://127.0.0.1:8080";
  static final String DEFAULT_ACL_URL = "http://127.0.0.1:8081";

  /** Group and other permissions: a file holding an API key must have none, as ssh insists. */
  private static final Set<PosixFilePermission> NOT_PRIVATE =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  /**
   * Loads the configuration. {@code explicitFile} (from {@code --config}) or {@code $AVIARY_CONFIG}
   * must exist; the default {@code ~/.config/aviary/config.properties} may be absent.
   */
  static Config load(Path explicitFile, Context context) {
    Path file = explicitFile;
    boolean required = true;
    if (file == null && context.env("AVIARY_CONFIG") != null) {
      file = Path.of(context.env("AVIARY_CONFIG"));
    }
    if (file == null) {
      file = defaultFile(context.home());
      required = false;
    }
    Properties properties = read(file, required);
    return new Config(
        url("AVIARY_API_URL", "api_url", DEFAULT_API_URL, properties, file, context),
        url("AVIARY_ACL_URL", "acl_url", DEFAULT_ACL_URL, properties, file, context),
        value("AVIARY_API_KEY", "api_key", properties, context));
  }

  static Path defaultFile(Path home) {
    return home.resolve(".config").resolve("aviary").resolve("config.properties");
  }

  private static Properties read(Path file, boolean required) {
    Properties properties = new Properties();
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      if (permissions.stream().anyMatch(NOT_PRIVATE::contains)) {
        throw CliException.usage(
            "config file %s is accessible by others (permissions %s): it holds an API key;"
                + " run: chmod 600 %s",
            file, PosixFilePermissions.toString(permissions), file);
      }
    } catch (NoSuchFileException e) {
      if (required) {
        throw CliException.usage("config file %s does not exist", file);
      }
      return properties;
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system (Windows): nothing to check.
    } catch (IOException e) {
      throw CliException.usage("cannot read config file %s: %s", file, e.getMessage());
    }
    if (!Files.isRegularFile(file)) {
      throw CliException.usage("config file %s is not a regular file", file);
    }
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException | IllegalArgumentException e) {
      throw CliException.usage("cannot read config file %s: %s", file, e.getMessage());
    }
    return properties;
  }

  private static String value(String variable, String key, Properties properties, Context context) {
    String fromEnv = context.env(variable);
    if (fromEnv != null) {
      return fromEnv.strip();
    }
    String fromFile = properties.getProperty(key);
    return fromFile == null || fromFile.isBlank() ? null : fromFile.strip();
  }

  private static URI url(
      String variable,
      String key,
      String fallback,
      Properties properties,
      Path file,
      Context context) {
    String raw = value(variable, key, properties, context);
    String source = context.env(variable) != null ? variable : key + " in " + file;
    if (raw == null) {
      raw = fallback;
      source = "default";
    }
    try {
      URI uri = new URI(raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw CliException.usage("%s (%s) is not an http:// or https:// URL", raw, source);
      }
      return uri;
    } catch (URISyntaxException e) {
      throw CliException.usage("%s (%s) is not a URL: %s", raw, source, e.getReason());
    }
  }
}
