# Offline checks of the values the aviary module installs the chart with: `terraform test` here
# needs no provider and no network.

variables {
  console_host = "console.mqtt.acme.io"
  mqtt_host    = "mqtt.acme.io"
  images = {
    prefix = "registry.acme.io/aviary/"
    tag    = "0.1.0"
    digests = {
      "broker-node" = "sha256:0f3a8e9d2c4b6a1e5f7d9c3b2a4e6f8d0c1b3a5e7f9d2c4b6a8e0f1d3c5b7a9e"
    }
  }
  postgresql = {
    host          = "aviary.abc.eu-central-1.rds.amazonaws.com"
    network_cidrs = ["10.20.0.0/16"]
  }
  kafka = {
    bootstrap_servers = "b-1.msk:9092,b-2.msk:9092"
  }
  mqtt_tls = {
    cluster_issuer = "letsencrypt"
  }
}

run "values_follow_the_variables" {
  command = plan

  assert {
    condition     = output.values.platform.consoleHost == "console.mqtt.acme.io"
    error_message = "the console host is not passed on"
  }

  assert {
    condition     = output.values.broker.image.repository == "registry.acme.io/aviary/broker-node" && output.values.broker.image.digest == "sha256:0f3a8e9d2c4b6a1e5f7d9c3b2a4e6f8d0c1b3a5e7f9d2c4b6a8e0f1d3c5b7a9e"
    error_message = "the broker image is not <prefix>/broker-node with its digest"
  }

  assert {
    condition     = output.values.tenantApi.image.digest == "" && output.values.tenantApi.image.tag == "0.1.0"
    error_message = "a service without a digest must use the tag"
  }

  assert {
    condition     = output.values.postgresql.sslMode == "require" && output.values.postgresql.auth.existingSecret == "aviary-postgresql"
    error_message = "the database connection must default to TLS and read the release's Secret"
  }

  assert {
    condition     = output.values.networkPolicy.postgresqlTo[0].ipBlock.cidr == "10.20.0.0/16"
    error_message = "database egress is not narrowed to the given network"
  }

  assert {
    condition     = output.values.tls.certManager.enabled && output.values.tls.certManager.issuerRef.name == "letsencrypt" && output.values.tls.existingSecret == ""
    error_message = "a cluster issuer must turn cert-manager on"
  }

  assert {
    condition     = !output.values.metrics.serviceMonitor.enabled
    error_message = "no ServiceMonitor unless asked for"
  }

  assert {
    condition     = output.platform_secret_name == "aviary-platform" && output.mqtt_url == "mqtts://mqtt.acme.io:8883"
    error_message = "outputs do not name the release's Secret and the MQTT endpoint"
  }

  assert {
    condition     = yamldecode(output.values_yaml).broker.replicaCount == 3
    error_message = "values_yaml does not carry the same values"
  }
}

run "an_existing_certificate_secret_and_a_service_monitor" {
  command = plan

  variables {
    mqtt_tls        = { existing_secret = "mqtt-cert" }
    service_monitor = { release = "kube-prometheus-stack" }
    broker          = { replicas = 5, pre_stop_delay_seconds = 10, termination_grace_period_seconds = 40 }
  }

  assert {
    condition     = !output.values.tls.certManager.enabled && output.values.tls.existingSecret == "mqtt-cert"
    error_message = "an existing Secret must turn cert-manager off"
  }

  assert {
    condition     = output.values.metrics.serviceMonitor.enabled && output.values.metrics.serviceMonitor.labels.release == "kube-prometheus-stack"
    error_message = "the ServiceMonitor is not on with its labels"
  }

  assert {
    condition     = output.values.broker.replicaCount == 5 && output.values.broker.upgrade.terminationGracePeriodSeconds == 40
    error_message = "broker settings are not passed on"
  }
}

run "kafka_is_plaintext_unless_told" {
  command = plan

  assert {
    condition     = output.values.kafka.securityProtocol == "PLAINTEXT" && output.values.kafka.sasl.existingSecret == "" && output.values.kafka.tls.caSecret.name == "" && output.kafka_secret_name == null
    error_message = "without settings Kafka must be plaintext with no Secret"
  }
}

run "kafka_over_sasl_ssl_reads_the_release_secret" {
  command = plan

  variables {
    kafka = {
      bootstrap_servers = "b-1.msk:9096,b-2.msk:9096"
      ports             = [9096]
      security_protocol = "SASL_SSL"
      ca_secret_name    = "kafka-ca"
    }
  }

  assert {
    condition     = output.values.kafka.securityProtocol == "SASL_SSL" && output.values.kafka.sasl.mechanism == "SCRAM-SHA-512"
    error_message = "the protocol and the default mechanism are not passed on"
  }

  assert {
    condition     = output.values.kafka.sasl.existingSecret == "aviary-kafka" && output.kafka_secret_name == "aviary-kafka" && output.values.kafka.sasl.usernameKey == "username" && output.values.kafka.sasl.passwordKey == "password"
    error_message = "SASL must read the release's Kafka Secret"
  }

  assert {
    condition     = output.values.kafka.tls.caSecret.name == "kafka-ca" && output.values.kafka.tls.caSecret.key == "ca.crt" && output.values.networkPolicy.kafkaPorts[0] == 9096
    error_message = "the CA Secret and the port are not passed on"
  }
}

run "refuses_kafka_tls_settings_without_tls" {
  command = plan

  variables {
    kafka = {
      bootstrap_servers = "kafka:9092"
      security_protocol = "SASL_PLAINTEXT"
      ca_secret_name    = "kafka-ca"
    }
  }

  expect_failures = [var.kafka]
}

run "refuses_an_unknown_kafka_protocol" {
  command = plan

  variables {
    kafka = { bootstrap_servers = "kafka:9092", security_protocol = "TLS" }
  }

  expect_failures = [var.kafka]
}

run "console_sign_in_defaults_to_passwords" {
  command = plan

  assert {
    condition     = output.values.console.passwordLogin && output.values.console.oidc.issuer == "" && output.console_oidc_secret_name == null
    error_message = "without settings the console must sign in with passwords only"
  }
}

run "console_sign_in_through_the_platforms_provider" {
  command = plan

  variables {
    console_login = {
      password = false
      oidc = {
        issuer                = "https://acme.okta.com/oauth2/default"
        client_id             = "0oa1aviary"
        display_name          = "Acme Okta"
        allowed_email_domains = ["acme.io"]
      }
    }
  }

  assert {
    condition     = !output.values.console.passwordLogin && output.values.console.oidc.issuer == "https://acme.okta.com/oauth2/default" && output.values.console.oidc.clientId == "0oa1aviary"
    error_message = "the provider is not passed on"
  }

  assert {
    condition     = output.values.console.oidc.existingSecret == "aviary-console-oidc" && output.console_oidc_secret_name == "aviary-console-oidc" && output.values.console.oidc.allowedEmailDomains[0] == "acme.io"
    error_message = "a confidential client must read the release's console OIDC Secret"
  }
}

run "a_public_console_client_has_no_secret" {
  command = plan

  variables {
    console_login = {
      oidc = { issuer = "https://login.example.org/realms/ops", client_id = "aviary", public_client = true }
    }
  }

  assert {
    condition     = output.values.console.oidc.existingSecret == "" && output.console_oidc_secret_name == null
    error_message = "a public client has no Secret"
  }
}

run "refuses_console_sign_in_without_any_method" {
  command = plan

  variables {
    console_login = { password = false }
  }

  expect_failures = [var.console_login]
}

run "refuses_a_plain_http_provider" {
  command = plan

  variables {
    console_login = { oidc = { issuer = "http://login.example.org", client_id = "aviary" } }
  }

  expect_failures = [var.console_login]
}

run "refuses_an_unencrypted_database" {
  command = plan

  variables {
    postgresql = { host = "db", ssl_mode = "disable" }
  }

  expect_failures = [var.postgresql]
}

run "refuses_verification_without_a_ca" {
  command = plan

  variables {
    postgresql = { host = "db", ssl_mode = "verify-full" }
  }

  expect_failures = [var.postgresql]
}

run "refuses_a_host_with_a_scheme" {
  command = plan

  variables {
    console_host = "https://console.mqtt.acme.io"
  }

  expect_failures = [var.console_host]
}

run "refuses_two_certificate_sources" {
  command = plan

  variables {
    mqtt_tls = { cluster_issuer = "letsencrypt", existing_secret = "mqtt-cert" }
  }

  expect_failures = [var.mqtt_tls]
}

run "refuses_a_grace_period_shorter_than_the_drain" {
  command = plan

  variables {
    broker = { pre_stop_delay_seconds = 30, termination_grace_period_seconds = 40 }
  }

  expect_failures = [var.broker]
}

run "refuses_a_bad_digest_and_kafka_without_ports" {
  command = plan

  variables {
    images = { prefix = "r", tag = "1", digests = { console = "latest" } }
    kafka  = { bootstrap_servers = "kafka.example.com" }
  }

  expect_failures = [var.images, var.kafka]
}
