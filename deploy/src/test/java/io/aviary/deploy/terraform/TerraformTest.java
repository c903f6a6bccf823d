package io.aviary.deploy.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.aviary.deploy.chart.Chart;
import io.aviary.deploy.chart.Manifests;
import io.aviary.deploy.chart.Node;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Terraform code, as far as it can be checked offline: formatting of everything, and the
 * provider-free values module's validation, its {@code terraform test} suite, and the values it
 * produces rendered by the chart. Modules that need providers (kubernetes, helm, aws) cannot be
 * initialised without the Terraform registry. Skipped when {@code terraform} is not on the PATH.
 */
class TerraformTest {

  private static Path terraform;
  private static Path valuesModule;

  @BeforeAll
  static void copyTheValuesModule() throws IOException, InterruptedException {
    assumeTrue(
        onPath("terraform"),
        "terraform is not on the PATH: the Terraform code is not checked (install Terraform 1.9 or"
            + " newer to run these tests)");
    terraform = Chart.repo().resolve("terraform");
    // init and apply write .terraform, a lock file and state: into target, never the sources.
    valuesModule = Chart.work().resolve("terraform/aviary-values");
    copy(terraform.resolve("modules/aviary-values"), valuesModule);
    Result init =
        run(valuesModule, "terraform", "init", "-backend=false", "-input=false", "-no-color");
    assertThat(init.exit()).as(init.output()).isZero();
  }

  @Test
  void everyFileIsFormatted() throws IOException, InterruptedException {
    Result check = run(terraform, "terraform", "fmt", "-check", "-recursive", "-diff", "-no-color");
    assertThat(check.exit()).as("terraform fmt -check -recursive\n" + check.output()).isZero();

    Path unformatted = Chart.work().resolve("terraform/unformatted");
    Files.createDirectories(unformatted);
    Files.writeString(unformatted.resolve("main.tf"), "variable \"a\" {\ntype=string\n}\n");
    assertThat(run(unformatted, "terraform", "fmt", "-check", "-no-color").exit())
        .as("fmt -check must fail on an unformatted file")
        .isNotZero();
  }

  @Test
  void theValuesModuleIsValidAndItsTestsPass() throws IOException, InterruptedException {
    Result validate = run(valuesModule, "terraform", "validate", "-no-color");
    assertThat(validate.exit()).as(validate.output()).isZero();

    Result test = run(valuesModule, "terraform", "test", "-no-color");
    assertThat(test.exit()).as(test.output()).isZero();
    long runs;
    try (Stream<String> lines = Files.lines(valuesModule.resolve("tests/values.tftest.hcl"))) {
      runs = lines.filter(l -> l.startsWith("run \"")).count();
    }
    Matcher summary = Pattern.compile("(\\d+) passed, 0 failed").matcher(test.output());
    assertThat(summary.find()).as(test.output()).isTrue();
    assertThat(Long.parseLong(summary.group(1))).isEqualTo(runs).isPositive();
  }

  @Test
  void theValuesTheModuleProducesAreAcceptedByTheChart() throws IOException, InterruptedException {
    // Its own copy: the variables file and state it leaves must not reach the other tests' runs.
    Path module = Chart.work().resolve("terraform/aviary-values-apply");
    copy(terraform.resolve("modules/aviary-values"), module);
    Result init = run(module, "terraform", "init", "-backend=false", "-input=false", "-no-color");
    assertThat(init.exit()).as(init.output()).isZero();
    Files.writeString(
        module.resolve("terraform.tfvars.json"),
        """
        {
          "release_name": "aviary",
          "console_host": "console.mqtt.acme.io",
          "mqtt_host": "mqtt.acme.io",
          "images": {"prefix": "123456789012.dkr.ecr.eu-central-1.amazonaws.com/aviary", "tag": "0.1.0"},
          "postgresql": {"host": "aviary.abc.eu-central-1.rds.amazonaws.com", "ssl_mode": "verify-full",
                         "ca_secret_name": "rds-ca", "network_cidrs": ["10.20.0.0/16"]},
          "kafka": {"bootstrap_servers": "b-1.msk:9092,b-2.msk:9092", "network_cidrs": ["10.20.0.0/16"]},
          "mqtt_tls": {"cluster_issuer": "letsencrypt"},
          "service_monitor": {"release": "prometheus"},
          "broker": {"replicas": 4}
        }
        """);
    Result apply = run(module, "terraform", "apply", "-auto-approve", "-input=false", "-no-color");
    assertThat(apply.exit()).as(apply.output()).isZero();
    Result yaml = run(module, "terraform", "output", "-raw", "values_yaml");
    assertThat(yaml.exit()).as(yaml.output()).isZero();
    Path values = Files.writeString(Chart.work().resolve("terraform/values.yaml"), yaml.output());

    // The chart's schema checks the values; the rendered objects show they took effect.
    Manifests m = Chart.render("default", values);
    Node broker = m.get("StatefulSet", "aviary-broker");
    assertThat(broker.str("spec.replicas")).isEqualTo("4");
    assertThat(broker.list("spec.template.spec.containers").getFirst().str("image"))
        .isEqualTo("123456789012.dkr.ecr.eu-central-1.amazonaws.com/aviary/broker-node:0.1.0");
    assertThat(m.get("Certificate", "aviary-mqtt-tls").str("spec.issuerRef.name"))
        .isEqualTo("letsencrypt");
    assertThat(m.find("ServiceMonitor", "aviary")).isPresent();
    Node tenantApi = m.get("Deployment", "aviary-tenant-api");
    assertThat(
            tenantApi
                .list("spec.template.spec.containers")
                .getFirst()
                .byName("env")
                .get("AVIARY_DB_PASSWORD")
                .str("valueFrom.secretKeyRef.name"))
        .isEqualTo("aviary-postgresql");
    assertThat(
            tenantApi
                .byName("spec.template.spec.volumes")
                .get("postgresql-ca")
                .str("secret.secretName"))
        .isEqualTo("rds-ca");
  }

  private record Result(int exit, String output) {}

  private static Result run(Path dir, String... command) throws IOException, InterruptedException {
    Path log = Files.createTempFile(Chart.work(), "terraform", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(false)
            .redirectOutput(log.toFile())
            .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    // No user configuration, no credentials helpers, no plugin cache: the same run everywhere.
    builder.environment().put("TF_CLI_CONFIG_FILE", "/dev/null");
    builder.environment().put("TF_IN_AUTOMATION", "1");
    builder.environment().remove("TF_PLUGIN_CACHE_DIR");
    Process process = builder.start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " ran over 120 s");
    }
    return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : files.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else if (!source.toString().contains(File.separator + ".terraform")) {
          Files.copy(source, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
