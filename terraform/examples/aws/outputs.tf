output "console_url" {
  description = "The console."
  value       = module.aviary.console_url
}

output "mqtt_url" {
  description = "MQTT over TLS."
  value       = module.aviary.mqtt_url
}

output "broker_service" {
  description = "Point mqtt_host's DNS record at this Service's load balancer: kubectl -n aviary get service <name>."
  value       = module.aviary.broker_service_name
}

output "rds_endpoint" {
  description = "The PostgreSQL instance."
  value       = aws_db_instance.aviary.address
}

output "msk_bootstrap_brokers" {
  description = "The Kafka bootstrap servers of MSK's SASL/SCRAM listener (TLS, port 9096)."
  value       = aws_msk_cluster.aviary.bootstrap_brokers_sasl_scram
}

output "msk_scram_secret_arn" {
  description = "The Secrets Manager secret with the platform's Kafka user and password (for kafka-topics.sh, see docs/deploy.md)."
  value       = aws_secretsmanager_secret.msk_scram.arn
}
