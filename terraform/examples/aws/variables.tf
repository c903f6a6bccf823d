variable "region" {
  description = "AWS region of the EKS cluster, RDS and MSK."
  type        = string
}

variable "eks_cluster_name" {
  description = "An existing EKS cluster with the AWS Load Balancer Controller, ingress-nginx and cert-manager installed."
  type        = string
}

variable "vpc_id" {
  description = "The cluster's VPC."
  type        = string
}

variable "private_subnet_ids" {
  description = "Private subnets (at least two zones) for RDS and MSK."
  type        = list(string)

  validation {
    condition     = length(var.private_subnet_ids) >= 2
    error_message = "RDS and MSK need subnets in at least two availability zones."
  }
}

variable "console_host" {
  description = "Host name of the console, e.g. console.mqtt.example.com."
  type        = string
}

variable "mqtt_host" {
  description = "Host name MQTT clients connect to, e.g. mqtt.example.com."
  type        = string
}

variable "cluster_issuer" {
  description = "cert-manager ClusterIssuer for the MQTT and console certificates."
  type        = string
  default     = "letsencrypt"
}

variable "images" {
  description = "Where the Aviary images are (an ECR prefix, e.g. 123456789012.dkr.ecr.eu-central-1.amazonaws.com/aviary)."
  type = object({
    prefix  = string
    tag     = string
    digests = optional(map(string), {})
  })
}

variable "db_instance_class" {
  description = "RDS instance class."
  type        = string
  default     = "db.t4g.medium"
}

variable "kafka_instance_type" {
  description = "MSK broker instance type."
  type        = string
  default     = "kafka.t3.small"
}

variable "console_oidc" {
  description = "Optional: your OpenID Connect provider for console sign-in (issuer, client id, the button's name, allowed email domains); register https://<console_host>/login/callback with it. Null: passwords only."
  type = object({
    issuer                = string
    client_id             = string
    display_name          = optional(string, "single sign-on")
    allowed_email_domains = optional(list(string), [])
  })
  default = null
}

variable "console_oidc_client_secret" {
  description = "The console OIDC client's secret, with console_oidc."
  type        = string
  default     = null
  sensitive   = true
}
