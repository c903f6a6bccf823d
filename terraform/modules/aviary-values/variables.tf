variable "release_name" {
  description = "Name of the Helm release; the Secrets the chart reads are named after it."
  type        = string
  default     = "aviary"

  validation {
    condition     = can(regex("^[a-z]([-a-z0-9]{0,28}[a-z0-9])?$", var.release_name))
    error_message = "release_name must be a DNS label of at most 30 characters starting with a letter."
  }
}

variable "console_host" {
  description = "Host name of the console and the REST APIs (https://<console_host>); also the issuer of platform tokens."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$", var.console_host))
    error_message = "console_host must be a fully qualified host name without scheme or port, e.g. console.mqtt.example.com."
  }
}

variable "mqtt_host" {
  description = "Host name MQTT clients connect to; the broker's certificate must name it."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$", var.mqtt_host))
    error_message = "mqtt_host must be a fully qualified host name without scheme or port, e.g. mqtt.example.com."
  }
}

variable "images" {
  description = "Where the images come from: a registry prefix (<prefix>/<service>), a tag, and optional per-service digests (sha256:...) that win over the tag."
  type = object({
    prefix  = string
    tag     = string
    digests = optional(map(string), {})
  })

  validation {
    condition     = length(setsubtract(keys(var.images.digests), ["broker-node", "tenant-api", "acl-service", "audit-pipeline", "console"])) == 0
    error_message = "images.digests keys must be among broker-node, tenant-api, acl-service, audit-pipeline and console."
  }

  validation {
    condition     = alltrue([for d in values(var.images.digests) : can(regex("^sha256:[a-f0-9]{64}$", d))])
    error_message = "Every images.digests value must be sha256:<64 hex digits>."
  }

  validation {
    condition     = can(regex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.images.tag))
    error_message = "images.tag must be a valid image tag."
  }
}

variable "postgresql" {
  description = "The external PostgreSQL: address, TLS mode (always encrypted), an optional Secret with the server's CA, and the database names."
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

  validation {
    condition     = contains(["require", "verify-ca", "verify-full"], var.postgresql.ssl_mode)
    error_message = "postgresql.ssl_mode must be require, verify-ca or verify-full: the platform never talks to its database unencrypted."
  }

  validation {
    condition     = var.postgresql.ssl_mode == "require" || var.postgresql.ca_secret_name != null
    error_message = "postgresql.ca_secret_name is required with ssl_mode verify-ca or verify-full."
  }

  validation {
    condition     = var.postgresql.port >= 1 && var.postgresql.port <= 65535 && length(var.postgresql.host) > 0
    error_message = "postgresql.host must be set and postgresql.port must be between 1 and 65535."
  }

  validation {
    condition     = alltrue([for c in var.postgresql.network_cidrs : can(cidrhost(c, 0))])
    error_message = "postgresql.network_cidrs must be CIDR blocks."
  }
}

variable "kafka" {
  description = "The external Kafka: bootstrap servers (host:port, comma-separated), the networks and ports its brokers listen on, and how the platform's clients connect: security_protocol (PLAINTEXT, SSL, SASL_SSL, SASL_PLAINTEXT), the SASL mechanism (the user name and password are in the release's Kafka Secret, see the aviary module's kafka_sasl_credentials), an optional Secret with the CA that signed the brokers' certificates (none: the JVM's public CAs) and an optional kubernetes.io/tls Secret with a client certificate."
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

  validation {
    condition     = can(regex("^[^,\\s:]+:[0-9]{1,5}(,[^,\\s:]+:[0-9]{1,5})*$", var.kafka.bootstrap_servers))
    error_message = "kafka.bootstrap_servers must be a comma-separated list of host:port."
  }

  validation {
    condition     = alltrue([for c in var.kafka.network_cidrs : can(cidrhost(c, 0))])
    error_message = "kafka.network_cidrs must be CIDR blocks."
  }

  validation {
    condition     = contains(["PLAINTEXT", "SSL", "SASL_SSL", "SASL_PLAINTEXT"], var.kafka.security_protocol)
    error_message = "kafka.security_protocol must be PLAINTEXT, SSL, SASL_SSL or SASL_PLAINTEXT."
  }

  validation {
    condition     = contains(["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"], var.kafka.sasl_mechanism)
    error_message = "kafka.sasl_mechanism must be PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512."
  }

  validation {
    condition     = endswith(var.kafka.security_protocol, "SSL") || (var.kafka.ca_secret_name == null && var.kafka.client_certificate_secret == null)
    error_message = "kafka.ca_secret_name and kafka.client_certificate_secret need security_protocol SSL or SASL_SSL."
  }

  validation {
    condition     = alltrue([for p in var.kafka.ports : p >= 1 && p <= 65535 && floor(p) == p])
    error_message = "kafka.ports must be port numbers."
  }
}

variable "mqtt_tls" {
  description = "The MQTT listeners' certificate: either a cert-manager ClusterIssuer that issues it, or an existing kubernetes.io/tls Secret with a PKCS#8 key."
  type = object({
    cluster_issuer  = optional(string)
    existing_secret = optional(string)
  })

  validation {
    condition     = (var.mqtt_tls.cluster_issuer == null) != (var.mqtt_tls.existing_secret == null)
    error_message = "Set exactly one of mqtt_tls.cluster_issuer and mqtt_tls.existing_secret."
  }
}

variable "console_login" {
  description = "How console users sign in: password (on by default) and/or the platform's own OpenID Connect provider, with tenant-api as its client (register https://<console_host>/login/callback as the redirect URI). The client secret is in the release's console OIDC Secret (see the aviary module's console_oidc_client_secret) unless public_client is true (PKCE alone)."
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

  validation {
    condition     = var.console_login.password || var.console_login.oidc != null
    error_message = "console_login.password = false needs console_login.oidc: console users would have no way to sign in."
  }

  validation {
    condition     = var.console_login.oidc == null || can(regex("^https://[^\\s/?#@]+(/[^\\s?#]*)?$", try(var.console_login.oidc.issuer, "")))
    error_message = "console_login.oidc.issuer must be an https URL, exactly as the provider's ID tokens name it."
  }

  validation {
    condition     = var.console_login.oidc == null || length(try(var.console_login.oidc.client_id, "")) > 0
    error_message = "console_login.oidc.client_id is required."
  }

  validation {
    condition     = var.console_login.oidc == null || (contains(split(" ", try(var.console_login.oidc.scopes, "")), "openid") && contains(split(" ", try(var.console_login.oidc.scopes, "")), "email"))
    error_message = "console_login.oidc.scopes must include openid and email."
  }

  validation {
    condition     = var.console_login.oidc == null || alltrue([for d in try(var.console_login.oidc.allowed_email_domains, []) : can(regex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$", d))])
    error_message = "console_login.oidc.allowed_email_domains must be lower-case domain names."
  }
}

variable "ingress" {
  description = "The console's Ingress: class, annotations (e.g. cert-manager.io/cluster-issuer) and the TLS Secret for console_host."
  type = object({
    class_name           = optional(string, "")
    annotations          = optional(map(string), {})
    tls_secret_name      = optional(string, "aviary-console-tls")
    controller_namespace = optional(string, "ingress-nginx")
  })
  default = {}
}

variable "broker" {
  description = "Broker nodes: count, the per-node journal volume, the MQTT load balancer's annotations and admitted client ranges, and the upgrade timings."
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

  validation {
    condition     = var.broker.replicas >= 1 && floor(var.broker.replicas) == var.broker.replicas
    error_message = "broker.replicas must be a whole number of at least 1."
  }

  validation {
    condition     = var.broker.termination_grace_period_seconds >= var.broker.pre_stop_delay_seconds + 20
    error_message = "broker.termination_grace_period_seconds must be at least pre_stop_delay_seconds + 20: the broker needs 15 s to disconnect its clients after the preStop wait."
  }

  validation {
    condition     = can(regex("^[0-9]+(Ki|Mi|Gi|Ti)$", var.broker.storage_size))
    error_message = "broker.storage_size must be a quantity such as 10Gi."
  }

  validation {
    condition     = alltrue([for c in var.broker.load_balancer_source_ranges : can(cidrhost(c, 0))])
    error_message = "broker.load_balancer_source_ranges must be CIDR blocks."
  }
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

  validation {
    condition     = alltrue([for n in values(var.service_replicas) : n >= 1])
    error_message = "Every service needs at least one replica."
  }
}

variable "service_monitor" {
  description = "Create a Prometheus Operator ServiceMonitor; the map holds the labels your Prometheus selects (null: no ServiceMonitor)."
  type        = map(string)
  default     = null
}
