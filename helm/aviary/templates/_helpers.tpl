{{/*
Names. Every resource is <fullname>-<component>; the component is one of broker, tenant-api,
acl-service, audit-pipeline, console.
*/}}
{{- define "aviary.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "aviary.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* A component's resource name; (dict "root" $ "component" "broker") */}}
{{- define "aviary.componentName" -}}
{{- printf "%s-%s" (include "aviary.fullname" .root) .component }}
{{- end }}

{{- define "aviary.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "aviary.labels" -}}
helm.sh/chart: {{ include "aviary.chart" . }}
app.kubernetes.io/name: {{ include "aviary.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: aviary
{{- end }}

{{/* (dict "root" $ "component" "broker") */}}
{{- define "aviary.componentLabels" -}}
{{ include "aviary.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* (dict "root" $ "component" "broker"); never changes over a release's life (selectors are immutable). */}}
{{- define "aviary.selectorLabels" -}}
app.kubernetes.io/name: {{ include "aviary.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* In-cluster base URL of a component's HTTP port. */}}
{{- define "aviary.url" -}}
{{- printf "http://%s:8080" (include "aviary.componentName" .) }}
{{- end }}

{{/* (dict "root" $ "image" .Values.broker.image) */}}
{{- define "aviary.image" -}}
{{- if .image.digest }}
{{- printf "%s@%s" .image.repository .image.digest }}
{{- else }}
{{- printf "%s:%s" .image.repository (.image.tag | default .root.Values.image.tag | default .root.Chart.AppVersion) }}
{{- end }}
{{- end }}

{{- define "aviary.platformSecretName" -}}
{{- .Values.platformSecrets.existingSecret }}
{{- end }}

{{- define "aviary.mqttTlsSecretName" -}}
{{- if .Values.tls.certManager.enabled }}
{{- printf "%s-mqtt-tls" (include "aviary.fullname" .) }}
{{- else }}
{{- .Values.tls.existingSecret }}
{{- end }}
{{- end }}

{{- define "aviary.issuer" -}}
{{- printf "https://%s" .Values.platform.consoleHost }}
{{- end }}

{{- define "aviary.mqttsUrl" -}}
{{- printf "mqtts://%s:%d" .Values.platform.mqttHost (int .Values.broker.service.mqttsPort) }}
{{- end }}

{{- define "aviary.wssUrl" -}}
{{- if eq (int .Values.broker.service.wssPort) 443 }}
{{- printf "wss://%s/mqtt" .Values.platform.mqttHost }}
{{- else }}
{{- printf "wss://%s:%d/mqtt" .Values.platform.mqttHost (int .Values.broker.service.wssPort) }}
{{- end }}
{{- end }}

{{/*
The database environment of a service: (dict "root" $ "db" .Values.postgresql.tenantApi "prefix" "AVIARY_DB").
The password and user name come from a Secret, never from values.
*/}}
{{- define "aviary.databaseEnv" -}}
{{- $pg := .root.Values.postgresql }}
{{- $secret := .db.existingSecret | default $pg.auth.existingSecret }}
{{- $params := printf "sslmode=%s" $pg.sslMode }}
{{- if $pg.caSecret.name }}
{{- $params = printf "%s&sslrootcert=/etc/aviary/postgresql-ca/%s" $params $pg.caSecret.key }}
{{- end -}}
- name: {{ .prefix }}_URL
  value: {{ printf "jdbc:postgresql://%s:%d/%s?%s" $pg.host (int $pg.port) .db.database $params | quote }}
- name: {{ .prefix }}_USER
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $pg.auth.usernameKey }}
- name: {{ .prefix }}_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $pg.auth.passwordKey }}
{{- end }}

{{- define "aviary.internalTokenEnv" -}}
- name: AVIARY_INTERNAL_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ include "aviary.platformSecretName" . }}
      key: internal-token
{{- end }}

{{/* Settings every Quarkus service reads the same way. */}}
{{- define "aviary.commonEnv" -}}
- name: AVIARY_NODE_ID
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: AVIARY_DATA_DIR
  value: /var/lib/aviary
- name: JDK_JAVA_OPTIONS
  value: {{ .values.jvmOptions | quote }}
{{- with .values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "aviary.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.podSecurity.runAsUser }}
runAsGroup: {{ .Values.podSecurity.runAsGroup }}
fsGroup: {{ .Values.podSecurity.fsGroup }}
fsGroupChangePolicy: OnRootMismatch
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{- define "aviary.containerSecurityContext" -}}
runAsNonRoot: true
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* Quarkus SmallRye Health on the container's HTTP port. */}}
{{- define "aviary.probes" -}}
startupProbe:
  httpGet:
    path: /q/health/started
    port: http
  periodSeconds: 5
  failureThreshold: 60
readinessProbe:
  httpGet:
    path: /q/health/ready
    port: http
  periodSeconds: 5
  failureThreshold: 3
livenessProbe:
  httpGet:
    path: /q/health/live
    port: http
  periodSeconds: 10
  failureThreshold: 3
{{- end }}

{{/* (dict "root" $ "component" "broker") */}}
{{- define "aviary.topologySpread" -}}
{{- if .root.Values.topologySpread.enabled -}}
topologySpreadConstraints:
  - maxSkew: 1
    topologyKey: topology.kubernetes.io/zone
    whenUnsatisfiable: ScheduleAnyway
    labelSelector:
      matchLabels:
        {{- include "aviary.selectorLabels" . | nindent 8 }}
  - maxSkew: 1
    topologyKey: kubernetes.io/hostname
    whenUnsatisfiable: ScheduleAnyway
    labelSelector:
      matchLabels:
        {{- include "aviary.selectorLabels" . | nindent 8 }}
{{- end }}
{{- end }}

{{/* Scheduling and pull settings of a pod: (dict "root" $ "values" .Values.tenantApi) */}}
{{- define "aviary.podScheduling" -}}
{{- $out := dict }}
{{- with .root.Values.imagePullSecrets }}{{ $_ := set $out "imagePullSecrets" . }}{{ end }}
{{- with .values.nodeSelector }}{{ $_ := set $out "nodeSelector" . }}{{ end }}
{{- with .values.tolerations }}{{ $_ := set $out "tolerations" . }}{{ end }}
{{- with .values.affinity }}{{ $_ := set $out "affinity" . }}{{ end }}
{{- if $out }}{{ toYaml $out }}{{ end }}
{{- end }}

{{/*
The broker pods' revision: a digest of the values that shape a broker pod (not its replica count,
Services or budgets), so that it changes when, and only when, an upgrade replaces the nodes. The
public MQTT Service selects it (see broker.upgrade.pinNewConnections).
*/}}
{{- define "aviary.brokerRevision" -}}
{{- $b := .Values.broker }}
{{- $pod := pick $b "image" "resources" "jvmOptions" "clusterName" "clusterPort" "clusterBusPort" "clientAuth" "extraEnv" "podAnnotations" "nodeSelector" "tolerations" "affinity" }}
{{- $_ := set $pod "upgrade" (pick $b.upgrade "preStopDelaySeconds" "terminationGracePeriodSeconds") }}
{{- $shape := dict "pod" $pod "image" .Values.image "imagePullSecrets" .Values.imagePullSecrets "kafka" .Values.kafka "tls" (include "aviary.mqttTlsSecretName" .) "platform" .Values.platform "platformSecrets" .Values.platformSecrets "podSecurity" .Values.podSecurity "topologySpread" .Values.topologySpread "app" .Chart.AppVersion "chart" .Chart.Version }}
{{- toJson $shape | sha256sum | trunc 12 }}
{{- end }}

{{/* A PodDisruptionBudget: (dict "root" $ "component" "console" "values" .Values.console) */}}
{{- define "aviary.pdb" -}}
{{- if .values.podDisruptionBudget.enabled }}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "aviary.componentName" . }}
  labels:
    {{- include "aviary.componentLabels" . | nindent 4 }}
spec:
  maxUnavailable: {{ .values.podDisruptionBudget.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "aviary.selectorLabels" . | nindent 6 }}
{{- end }}
{{- end }}

{{/* A HorizontalPodAutoscaler: (dict "root" $ "component" "console" "values" .Values.console "kind" "Deployment") */}}
{{- define "aviary.hpa" -}}
{{- if .values.autoscaling.enabled }}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "aviary.componentName" . }}
  labels:
    {{- include "aviary.componentLabels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: {{ .kind }}
    name: {{ include "aviary.componentName" . }}
  minReplicas: {{ .values.autoscaling.minReplicas }}
  maxReplicas: {{ .values.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ .values.autoscaling.targetCPUUtilizationPercentage }}
{{- end }}
{{- end }}

{{/*
A stateless service: Deployment, ClusterIP Service, PDB and HPA.
(dict "root" $ "component" "tenant-api" "values" .Values.tenantApi "env" <yaml list> "volumes" <yaml list> "mounts" <yaml list>)
*/}}
{{- define "aviary.statelessService" -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "aviary.componentName" . }}
  labels:
    {{- include "aviary.componentLabels" . | nindent 4 }}
spec:
  {{- if not .values.autoscaling.enabled }}
  replicas: {{ .values.replicaCount }}
  {{- end }}
  revisionHistoryLimit: 5
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 0
  selector:
    matchLabels:
      {{- include "aviary.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "aviary.componentLabels" . | nindent 8 }}
      {{- with .values.podAnnotations }}
      annotations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    spec:
      serviceAccountName: {{ include "aviary.fullname" .root }}
      automountServiceAccountToken: false
      enableServiceLinks: false
      securityContext:
        {{- include "aviary.podSecurityContext" .root | nindent 8 }}
      {{- with include "aviary.topologySpread" . }}{{ . | nindent 6 }}{{ end }}
      {{- with include "aviary.podScheduling" . }}{{ . | nindent 6 }}{{ end }}
      containers:
        - name: {{ .component }}
          image: {{ include "aviary.image" (dict "root" .root "image" .values.image) | quote }}
          imagePullPolicy: {{ .root.Values.image.pullPolicy }}
          securityContext:
            {{- include "aviary.containerSecurityContext" .root | nindent 12 }}
          ports:
            - name: http
              containerPort: 8080
              protocol: TCP
          env:
            {{- .env | nindent 12 }}
            {{- include "aviary.commonEnv" . | nindent 12 }}
          {{- include "aviary.probes" . | nindent 10 }}
          resources:
            {{- toYaml .values.resources | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            - name: data
              mountPath: /var/lib/aviary
            {{- with .mounts }}
            {{- . | nindent 12 }}
            {{- end }}
      volumes:
        - name: tmp
          emptyDir: {}
        - name: data
          emptyDir: {}
        {{- with .volumes }}
        {{- . | nindent 8 }}
        {{- end }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ include "aviary.componentName" . }}
  labels:
    {{- include "aviary.componentLabels" . | nindent 4 }}
    aviary.io/metrics: "true"
spec:
  type: ClusterIP
  selector:
    {{- include "aviary.selectorLabels" . | nindent 4 }}
  ports:
    - name: http
      port: 8080
      targetPort: http
      protocol: TCP
{{ include "aviary.pdb" . }}
{{ include "aviary.hpa" (merge (dict "kind" "Deployment") .) }}
{{- end }}

{{/*
Kafka: where it is and how every client of the platform connects to it, as KAFKA_* variables that
the services read as kafka.* keys (audit-events' KafkaClientSecurity). Credentials and keys come
from Secrets, never from values.
*/}}
{{- define "aviary.kafkaEnv" -}}
{{- $k := .Values.kafka -}}
- name: AVIARY_KAFKA_BOOTSTRAP_SERVERS
  value: {{ $k.bootstrapServers | quote }}
- name: AVIARY_AUDIT_TOPIC
  value: {{ $k.auditTopic | quote }}
- name: KAFKA_SECURITY_PROTOCOL
  value: {{ $k.securityProtocol | quote }}
{{- if hasPrefix "SASL_" $k.securityProtocol }}
- name: KAFKA_SASL_MECHANISM
  value: {{ $k.sasl.mechanism | quote }}
- name: KAFKA_SASL_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ $k.sasl.existingSecret }}
      key: {{ $k.sasl.usernameKey }}
- name: KAFKA_SASL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $k.sasl.existingSecret }}
      key: {{ $k.sasl.passwordKey }}
{{- end }}
{{- if hasSuffix "SSL" $k.securityProtocol }}
{{- if $k.tls.caSecret.name }}
- name: KAFKA_SSL_TRUSTSTORE_TYPE
  value: PEM
- name: KAFKA_SSL_TRUSTSTORE_LOCATION
  value: {{ printf "/etc/aviary/kafka-ca/%s" $k.tls.caSecret.key | quote }}
{{- end }}
{{- with $k.tls.clientCertificateSecret }}
- name: KAFKA_SSL_KEYSTORE_TYPE
  value: PEM
- name: KAFKA_SSL_KEYSTORE_CERTIFICATE_CHAIN
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: tls.crt
- name: KAFKA_SSL_KEYSTORE_KEY
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: tls.key
{{- end }}
{{- end }}
{{- end }}

{{/* The Kafka CA volume and mount, with TLS and a CA Secret. */}}
{{- define "aviary.kafkaCaVolume" -}}
{{- $k := .Values.kafka }}
{{- if and (hasSuffix "SSL" $k.securityProtocol) $k.tls.caSecret.name }}
- name: kafka-ca
  secret:
    secretName: {{ $k.tls.caSecret.name }}
    items:
      - key: {{ $k.tls.caSecret.key }}
        path: {{ $k.tls.caSecret.key }}
{{- end }}
{{- end }}

{{- define "aviary.kafkaCaMount" -}}
{{- $k := .Values.kafka }}
{{- if and (hasSuffix "SSL" $k.securityProtocol) $k.tls.caSecret.name }}
- name: kafka-ca
  mountPath: /etc/aviary/kafka-ca
  readOnly: true
{{- end }}
{{- end }}

{{/* The volumes and mounts of a database service: the PostgreSQL and Kafka CAs, as configured. */}}
{{- define "aviary.serviceVolumes" -}}
{{- include "aviary.postgresqlCaVolume" . }}
{{- include "aviary.kafkaCaVolume" . }}
{{- end }}

{{- define "aviary.serviceMounts" -}}
{{- include "aviary.postgresqlCaMount" . }}
{{- include "aviary.kafkaCaMount" . }}
{{- end }}

{{/* The PostgreSQL CA volume and mount, when one is configured. */}}
{{- define "aviary.postgresqlCaVolume" -}}
{{- if .Values.postgresql.caSecret.name }}
- name: postgresql-ca
  secret:
    secretName: {{ .Values.postgresql.caSecret.name }}
    items:
      - key: {{ .Values.postgresql.caSecret.key }}
        path: {{ .Values.postgresql.caSecret.key }}
{{- end }}
{{- end }}

{{- define "aviary.postgresqlCaMount" -}}
{{- if .Values.postgresql.caSecret.name }}
- name: postgresql-ca
  mountPath: /etc/aviary/postgresql-ca
  readOnly: true
{{- end }}
{{- end }}
