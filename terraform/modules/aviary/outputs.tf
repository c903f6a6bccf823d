output "namespace" {
  description = "The namespace Aviary runs in."
  value       = local.namespace
}

output "release_name" {
  description = "The Helm release."
  value       = helm_release.aviary.name
}

output "chart_version" {
  description = "The chart version installed."
  value       = helm_release.aviary.metadata[0].version
}

output "console_url" {
  description = "Where to open the console (DNS for console_host must point at the Ingress)."
  value       = module.values.console_url
}

output "mqtt_url" {
  description = "MQTT over TLS (DNS for mqtt_host must point at the broker's load balancer)."
  value       = module.values.mqtt_url
}

output "wss_url" {
  description = "MQTT over secure WebSocket."
  value       = module.values.wss_url
}

output "broker_service_name" {
  description = "The LoadBalancer Service of the MQTT listeners, whose address mqtt_host must resolve to."
  # The chart's full name: the release name when it already contains the chart's name.
  value = "${strcontains(var.release_name, "aviary") ? var.release_name : "${var.release_name}-aviary"}-broker"
}

output "values" {
  description = "The chart values this module set (without extra_values)."
  value       = module.values.values
}
