variable "region" {
  type    = string
  default = "eu-west-2"
}

variable "image" {
  description = "The API's container image."
  type        = string
}

variable "replicas" {
  type    = number
  default = 2
}
