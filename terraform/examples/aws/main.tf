# Aviary on EKS with Amazon RDS for PostgreSQL and Amazon MSK. An example to adapt, not a
# production landing zone: no backups policy beyond RDS defaults, no KMS keys of your own.

data "aws_vpc" "this" {
  id = var.vpc_id
}

resource "aws_security_group" "data" {
  name_prefix = "aviary-data-"
  description = "PostgreSQL and Kafka for Aviary, reachable from the VPC only"
  vpc_id      = var.vpc_id

  ingress {
    description = "PostgreSQL from the VPC"
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = [data.aws_vpc.this.cidr_block]
  }

  ingress {
    description = "Kafka's SASL/SCRAM listener (TLS) from the VPC"
    from_port   = 9096
    to_port     = 9096
    protocol    = "tcp"
    cidr_blocks = [data.aws_vpc.this.cidr_block]
  }
}

resource "aws_db_subnet_group" "aviary" {
  name_prefix = "aviary-"
  subnet_ids  = var.private_subnet_ids
}

resource "random_password" "db" {
  length  = 32
  special = false
}

resource "aws_db_instance" "aviary" {
  identifier_prefix         = "aviary-"
  engine                    = "postgres"
  engine_version            = "17"
  instance_class            = var.db_instance_class
  allocated_storage         = 50
  max_allocated_storage     = 500
  storage_encrypted         = true
  db_name                   = "aviary"
  username                  = "aviary"
  password                  = random_password.db.result
  db_subnet_group_name      = aws_db_subnet_group.aviary.name
  vpc_security_group_ids    = [aws_security_group.data.id]
  multi_az                  = true
  backup_retention_period   = 7
  deletion_protection       = true
  skip_final_snapshot       = false
  final_snapshot_identifier = "aviary-final"
  # Clients must use TLS.
  parameter_group_name = aws_db_parameter_group.aviary.name
}

resource "aws_db_parameter_group" "aviary" {
  name_prefix = "aviary-"
  family      = "postgres17"

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }
}

resource "aws_msk_cluster" "aviary" {
  cluster_name           = "aviary"
  kafka_version          = "3.8.x"
  number_of_broker_nodes = length(var.private_subnet_ids)

  broker_node_group_info {
    instance_type   = var.kafka_instance_type
    client_subnets  = var.private_subnet_ids
    security_groups = [aws_security_group.data.id]

    storage_info {
      ebs_storage_info {
        volume_size = 100
      }
    }
  }

  # Clients authenticate with SASL/SCRAM-SHA-512 over TLS (port 9096); MSK's certificates chain
  # to Amazon's public CA, which the images' Java runtime trusts. No plaintext listener.
  client_authentication {
    sasl {
      scram = true
    }
    unauthenticated = false
  }

  encryption_info {
    encryption_in_transit {
      client_broker = "TLS"
      in_cluster    = true
    }
  }
}

# The platform's Kafka user. MSK reads SCRAM users from Secrets Manager secrets whose names start
# with AmazonMSK_ and that are encrypted with a customer managed key.
resource "aws_kms_key" "msk_scram" {
  description         = "Aviary's Amazon MSK SCRAM credentials"
  enable_key_rotation = true
}

resource "random_password" "kafka" {
  length  = 32
  special = false
}

resource "aws_secretsmanager_secret" "msk_scram" {
  name_prefix = "AmazonMSK_aviary-"
  kms_key_id  = aws_kms_key.msk_scram.key_id
}

resource "aws_secretsmanager_secret_version" "msk_scram" {
  secret_id     = aws_secretsmanager_secret.msk_scram.id
  secret_string = jsonencode({ username = "aviary", password = random_password.kafka.result })
}

resource "aws_msk_scram_secret_association" "aviary" {
  cluster_arn     = aws_msk_cluster.aviary.arn
  secret_arn_list = [aws_secretsmanager_secret.msk_scram.arn]

  depends_on = [aws_secretsmanager_secret_version.msk_scram]
}

module "aviary" {
  source = "../../modules/aviary"

  namespace    = "aviary"
  console_host = var.console_host
  mqtt_host    = var.mqtt_host
  images       = var.images

  # The platform's three databases live on one instance; tenant-api's is the one RDS creates,
  # acl-service and audit-pipeline need theirs created once (docs/deploy.md, "Databases").
  postgresql = {
    host          = aws_db_instance.aviary.address
    port          = aws_db_instance.aviary.port
    ssl_mode      = "require"
    network_cidrs = [data.aws_vpc.this.cidr_block]
  }
  postgresql_credentials = {
    username = aws_db_instance.aviary.username
    password = random_password.db.result
  }

  kafka = {
    bootstrap_servers = aws_msk_cluster.aviary.bootstrap_brokers_sasl_scram
    network_cidrs     = [data.aws_vpc.this.cidr_block]
    ports             = [9096]
    security_protocol = "SASL_SSL"
    sasl_mechanism    = "SCRAM-SHA-512"
  }
  # The same user and password the MSK secret holds; the module puts them in a Secret in the
  # namespace (the chart reads them from there).
  kafka_sasl_credentials = {
    username = "aviary"
    password = random_password.kafka.result
  }

  console_login              = { oidc = var.console_oidc }
  console_oidc_client_secret = var.console_oidc_client_secret

  mqtt_tls = { cluster_issuer = var.cluster_issuer }
  ingress = {
    class_name  = "nginx"
    annotations = { "cert-manager.io/cluster-issuer" = var.cluster_issuer }
  }

  broker = {
    replicas      = 3
    storage_size  = "10Gi"
    storage_class = "gp3"
    load_balancer_annotations = {
      # An NLB straight to the pods, so that a pod that leaves the Service stops getting connections.
      "service.beta.kubernetes.io/aws-load-balancer-type"            = "external"
      "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type" = "ip"
      "service.beta.kubernetes.io/aws-load-balancer-scheme"          = "internet-facing"
    }
  }

  # The Kafka user must exist before the services start.
  depends_on = [aws_msk_scram_secret_association.aviary]
}
