output "values" {
  description = "The chart's values (merged over the chart's defaults by Helm)."
  value       = local.values
}

output "values_yaml" {
  description = "The same values as YAML, for helm_release's values."
  value       = yamlencode(local.values)
}

output "platform_secret_name" {
  description = "The Secret the chart expects with internal-token and console-session-key."
  value       = local.platform_secret
}

output "postgresql_secret_name" {
  description = "The Secret the chart expects with the database username and password."
  value       = local.postgresql_secret
}

output "kafka_secret_name" {
  description = "The Secret the chart expects with the Kafka SASL username and password; null without SASL."
  value       = local.kafka_sasl ? local.kafka_secret : null
}

output "console_oidc_secret_name" {
  description = "The Secret the chart expects with the console OIDC client's secret (key client-secret); null without one."
  value       = local.oidc_secret != "" ? local.oidc_secret : null
}

output "console_url" {
  description = "Where operators and organizations open the console."
  value       = "https://${var.console_host}"
}

output "mqtt_url" {
  description = "MQTT over TLS, as shown to organizations."
  value       = "mqtts://${var.mqtt_host}:8883"
}

output "wss_url" {
  description = "MQTT over secure WebSocket."
  value       = "wss://${var.mqtt_host}/mqtt"
}
