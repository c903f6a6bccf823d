terraform {
  # Cross-variable validation needs 1.9.
  required_version = ">= 1.9"
}
