{{- define "backup-upgrade.fullname" -}}
{{- printf "%s-shop" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
