# The chart's values, computed from typed and validated variables. No providers, so that the
# logic is checked by `terraform test` anywhere; the aviary module hands the result to Helm.

locals {
  digests = var.images.digests

  image = {
    for service in ["broker-node", "tenant-api", "acl-service", "audit-pipeline", "console"] :
    service => {
      repository = "${trimsuffix(var.images.prefix, "/")}/${service}"
      tag        = var.images.tag
      digest     = lookup(local.digests, service, "")
    }
  }

  # Names of the Secrets the aviary module creates for the release.
  platform_secret   = "${var.release_name}-platform"
  postgresql_secret = "${var.release_name}-postgresql"
  kafka_secret      = "${var.release_name}-kafka"
  kafka_sasl        = startswith(var.kafka.security_protocol, "SASL_")
  oidc              = var.console_login.oidc
  oidc_secret       = local.oidc != null && !try(local.oidc.public_client, false) ? "${var.release_name}-console-oidc" : ""

  values = {
    platform = {
      consoleHost = var.console_host
      mqttHost    = var.mqtt_host
    }
    platformSecrets = {
      existingSecret = local.platform_secret
    }
    postgresql = {
      host    = var.postgresql.host
      port    = var.postgresql.port
      sslMode = var.postgresql.ssl_mode
      caSecret = {
        name = var.postgresql.ca_secret_name != null ? var.postgresql.ca_secret_name : ""
        key  = var.postgresql.ca_secret_key
      }
      auth = {
        existingSecret = local.postgresql_secret
        usernameKey    = "username"
        passwordKey    = "password"
      }
      tenantApi     = { database = var.postgresql.databases.tenant_api, existingSecret = "" }
      aclService    = { database = var.postgresql.databases.acl_service, existingSecret = "" }
      auditPipeline = { database = var.postgresql.databases.audit_pipeline, existingSecret = "" }
    }
    kafka = {
      bootstrapServers = var.kafka.bootstrap_servers
      securityProtocol = var.kafka.security_protocol
      sasl = {
        mechanism      = var.kafka.sasl_mechanism
        existingSecret = local.kafka_sasl ? local.kafka_secret : ""
        usernameKey    = "username"
        passwordKey    = "password"
      }
      tls = {
        caSecret = {
          name = var.kafka.ca_secret_name != null ? var.kafka.ca_secret_name : ""
          key  = var.kafka.ca_secret_key
        }
        clientCertificateSecret = var.kafka.client_certificate_secret != null ? var.kafka.client_certificate_secret : ""
      }
    }
    tls = {
      existingSecret = var.mqtt_tls.existing_secret != null ? var.mqtt_tls.existing_secret : ""
      certManager = {
        enabled = var.mqtt_tls.cluster_issuer != null
        issuerRef = {
          name  = var.mqtt_tls.cluster_issuer != null ? var.mqtt_tls.cluster_issuer : ""
          kind  = "ClusterIssuer"
          group = "cert-manager.io"
        }
      }
    }
    ingress = {
      enabled       = true
      className     = var.ingress.class_name
      annotations   = var.ingress.annotations
      tlsSecretName = var.ingress.tls_secret_name
    }
    networkPolicy = {
      consoleFrom  = [{ namespaceSelector = { matchLabels = { "kubernetes.io/metadata.name" = var.ingress.controller_namespace } } }]
      postgresqlTo = [for c in var.postgresql.network_cidrs : { ipBlock = { cidr = c } }]
      kafkaTo      = [for c in var.kafka.network_cidrs : { ipBlock = { cidr = c } }]
      kafkaPorts   = var.kafka.ports
    }
    metrics = {
      serviceMonitor = {
        enabled = var.service_monitor != null
        labels  = var.service_monitor != null ? var.service_monitor : {}
      }
    }
    broker = {
      replicaCount = var.broker.replicas
      image        = local.image["broker-node"]
      persistence = {
        size         = var.broker.storage_size
        storageClass = var.broker.storage_class
      }
      service = {
        annotations              = var.broker.load_balancer_annotations
        loadBalancerSourceRanges = var.broker.load_balancer_source_ranges
      }
      upgrade = {
        preStopDelaySeconds           = var.broker.pre_stop_delay_seconds
        terminationGracePeriodSeconds = var.broker.termination_grace_period_seconds
      }
    }
    tenantApi     = { replicaCount = var.service_replicas.tenant_api, image = local.image["tenant-api"] }
    aclService    = { replicaCount = var.service_replicas.acl_service, image = local.image["acl-service"] }
    auditPipeline = { replicaCount = var.service_replicas.audit_pipeline, image = local.image["audit-pipeline"] }
    console = {
      replicaCount  = var.service_replicas.console
      image         = local.image["console"]
      passwordLogin = var.console_login.password
      oidc = local.oidc == null ? {
        issuer              = ""
        clientId            = ""
        existingSecret      = ""
        secretKey           = "client-secret"
        scopes              = "openid email profile"
        displayName         = "single sign-on"
        allowedEmailDomains = []
        } : {
        issuer              = local.oidc.issuer
        clientId            = local.oidc.client_id
        existingSecret      = local.oidc_secret
        secretKey           = "client-secret"
        scopes              = local.oidc.scopes
        displayName         = local.oidc.display_name
        allowedEmailDomains = local.oidc.allowed_email_domains
      }
    }
  }
}
