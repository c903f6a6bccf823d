module "values" {
  source = "../aviary-values"

  release_name     = var.release_name
  console_host     = var.console_host
  mqtt_host        = var.mqtt_host
  images           = var.images
  postgresql       = var.postgresql
  kafka            = var.kafka
  console_login    = var.console_login
  mqtt_tls         = var.mqtt_tls
  ingress          = var.ingress
  broker           = var.broker
  service_replicas = var.service_replicas
  service_monitor  = var.service_monitor
}

resource "kubernetes_namespace_v1" "this" {
  count = var.create_namespace ? 1 : 0

  metadata {
    name = var.namespace
    labels = {
      # Every pod of the chart meets the restricted profile; the namespace refuses anything less.
      "pod-security.kubernetes.io/enforce" = "restricted"
      "pod-security.kubernetes.io/audit"   = "restricted"
      "pod-security.kubernetes.io/warn"    = "restricted"
    }
  }
}

locals {
  namespace = var.create_namespace ? kubernetes_namespace_v1.this[0].metadata[0].name : var.namespace
}

# Generated once and kept in Terraform's state: rotating them would sign every console user out
# and cut the brokers off the internal APIs until every pod restarts.
resource "random_password" "internal_token" {
  length  = 48
  special = false
}

resource "random_bytes" "console_session_key" {
  length = 32
}

resource "kubernetes_secret_v1" "platform" {
  metadata {
    name      = module.values.platform_secret_name
    namespace = local.namespace
  }

  data = {
    "internal-token"      = random_password.internal_token.result
    "console-session-key" = random_bytes.console_session_key.base64
  }
}

resource "kubernetes_secret_v1" "postgresql" {
  metadata {
    name      = module.values.postgresql_secret_name
    namespace = local.namespace
  }

  data = {
    username = var.postgresql_credentials.username
    password = var.postgresql_credentials.password
  }
}

# Only with SASL: the chart reads the user name and password from it by reference.
resource "kubernetes_secret_v1" "kafka" {
  count = startswith(var.kafka.security_protocol, "SASL_") ? 1 : 0

  metadata {
    name      = module.values.kafka_secret_name
    namespace = local.namespace
  }

  data = {
    username = var.kafka_sasl_credentials.username
    password = var.kafka_sasl_credentials.password
  }
}

# Only for a confidential console OIDC client: tenant-api reads the client secret by reference.
resource "kubernetes_secret_v1" "console_oidc" {
  count = var.console_login.oidc != null && !try(var.console_login.oidc.public_client, false) ? 1 : 0

  metadata {
    name      = module.values.console_oidc_secret_name
    namespace = local.namespace
  }

  data = {
    "client-secret" = var.console_oidc_client_secret
  }
}

resource "helm_release" "aviary" {
  name             = var.release_name
  namespace        = local.namespace
  create_namespace = false
  chart            = coalesce(var.chart, "${path.module}/../../../helm/aviary")
  repository       = var.chart_repository
  version          = var.chart_version

  values = compact([module.values.values_yaml, var.extra_values])

  wait            = true
  atomic          = true
  cleanup_on_fail = true
  timeout         = var.timeout_seconds

  depends_on = [
    kubernetes_secret_v1.platform,
    kubernetes_secret_v1.postgresql,
    kubernetes_secret_v1.kafka,
    kubernetes_secret_v1.console_oidc,
  ]
}
