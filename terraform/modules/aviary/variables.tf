variable "namespace" {
  description = "Namespace to install into."
  type        = string
  default     = "aviary"

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", var.namespace))
    error_message = "namespace must be a DNS label."
  }
}

variable "create_namespace" {
  description = "Create the namespace (with the Pod Security Standard \"restricted\" enforced); false installs into an existing one."
  type        = bool
  default     = true
}

variable "release_name" {
  description = "Name of the Helm release."
  type        = string
  default     = "aviary"
}

variable "chart" {
  description = "The chart: a local path (default: this repository's helm/aviary) or a chart name in `repository`."
  type        = string
  default     = null
}

variable "chart_repository" {
  description = "Chart repository URL (https:// or oci://) when `chart` is a name; null for a local path."
  type        = string
  default     = null
}

variable "chart_version" {
  description = "Chart version, with chart_repository."
  type        = string
  default     = null
}

variable "console_host" {
  description = "Host name of the console and the REST APIs."
  type        = string
}

variable "mqtt_host" {
  description = "Host name MQTT clients connect to."
  type        = string
}

variable "images" {
  description = "Image registry prefix, tag, and optional per-service digests (see modules/aviary-values)."
  type = object({
    prefix  = string
    tag     = string
    digests = optional(map(string), {})
  })
}

variable "postgresql" {
  description = "The external PostgreSQL (see modules/aviary-values)."
  type = object({
    host           = string
    port           = optional(number, 5432)
    ssl_mode       = optional(string, "require")
    ca_secret_name = optional(string)
    ca_secret_key  = optional(string, "ca.crt")
    databases = optional(object({
      tenant_api     = optional(string, "aviary")
      acl_service    = optional(string, "aviary_acl")
      audit_pipeline = optional(string, "aviary_audit")
    }), {})
    network_cidrs = optional(list(string), ["0.0.0.0/0"])
  })
}

variable "postgresql_credentials" {
  description = "User name and password of the platform's database role; stored in a Secret in the namespace, never in the chart's values."
  type = object({
    username = string
    password = string
  })
  sensitive = true

  validation {
    condition     = length(var.postgresql_credentials.username) > 0 && length(var.postgresql_credentials.password) >= 16
    error_message = "postgresql_credentials needs a username and a password of at least 16 characters."
  }
}

variable "kafka" {
  description = "The external Kafka and how the platform connects to it (see modules/aviary-values)."
  type = object({
    bootstrap_servers         = string
    network_cidrs             = optional(list(string), ["0.0.0.0/0"])
    ports                     = optional(list(number), [9092])
    security_protocol         = optional(string, "PLAINTEXT")
    sasl_mechanism            = optional(string, "SCRAM-SHA-512")
    ca_secret_name            = optional(string)
    ca_secret_key             = optional(string, "ca.crt")
    client_certificate_secret = optional(string)
  })
}

variable "kafka_sasl_credentials" {
  description = "Kafka SASL user name and password, required with kafka.security_protocol SASL_SSL or SASL_PLAINTEXT and refused otherwise; stored in a Secret in the namespace, never in the chart's values."
  type = object({
    username = string
    password = string
  })
  default   = null
  sensitive = true

  validation {
    condition     = (var.kafka_sasl_credentials != null) == startswith(var.kafka.security_protocol, "SASL_")
    error_message = "kafka_sasl_credentials must be set exactly when kafka.security_protocol is SASL_SSL or SASL_PLAINTEXT."
  }

  validation {
    condition     = var.kafka_sasl_credentials == null || (length(try(var.kafka_sasl_credentials.username, "")) > 0 && length(try(var.kafka_sasl_credentials.password, "")) > 0)
    error_message = "kafka_sasl_credentials needs a username and a password."
  }
}

variable "console_login" {
  description = "How console users sign in: password and/or the platform's OIDC provider (see modules/aviary-values)."
  type = object({
    password = optional(bool, true)
    oidc = optional(object({
      issuer                = string
      client_id             = string
      public_client         = optional(bool, false)
      scopes                = optional(string, "openid email profile")
      display_name          = optional(string, "single sign-on")
      allowed_email_domains = optional(list(string), [])
    }))
  })
  default = {}
}

variable "console_oidc_client_secret" {
  description = "The console OIDC client's secret, required with console_login.oidc unless public_client; stored in a Secret in the namespace, never in the chart's values."
  type        = string
  default     = null
  sensitive   = true

  validation {
    condition     = (var.console_oidc_client_secret != null) == (var.console_login.oidc != null && !try(var.console_login.oidc.public_client, false))
    error_message = "console_oidc_client_secret must be set exactly when console_login.oidc is set and public_client is false."
  }
}

variable "mqtt_tls" {
  description = "The MQTT certificate: a cert-manager ClusterIssuer or an existing TLS Secret (exactly one)."
  type = object({
    cluster_issuer  = optional(string)
    existing_secret = optional(string)
  })
}

variable "ingress" {
  description = "The console's Ingress (see modules/aviary-values)."
  type = object({
    class_name           = optional(string, "")
    annotations          = optional(map(string), {})
    tls_secret_name      = optional(string, "aviary-console-tls")
    controller_namespace = optional(string, "ingress-nginx")
  })
  default = {}
}

variable "broker" {
  description = "Broker nodes (see modules/aviary-values)."
  type = object({
    replicas                         = optional(number, 3)
    storage_size                     = optional(string, "1Gi")
    storage_class                    = optional(string, "")
    load_balancer_annotations        = optional(map(string), {})
    load_balancer_source_ranges      = optional(list(string), [])
    pre_stop_delay_seconds           = optional(number, 5)
    termination_grace_period_seconds = optional(number, 30)
  })
  default = {}
}

variable "service_replicas" {
  description = "Pods of each stateless service."
  type = object({
    tenant_api     = optional(number, 2)
    acl_service    = optional(number, 2)
    audit_pipeline = optional(number, 2)
    console        = optional(number, 2)
  })
  default = {}
}

variable "service_monitor" {
  description = "Labels of a Prometheus Operator ServiceMonitor; null for none."
  type        = map(string)
  default     = null
}

variable "extra_values" {
  description = "More chart values as YAML, applied last (any key of helm/aviary/values.yaml)."
  type        = string
  default     = ""
}

variable "timeout_seconds" {
  description = "How long Helm waits for every pod to be ready before the release counts as failed (and is rolled back)."
  type        = number
  default     = 900
}
