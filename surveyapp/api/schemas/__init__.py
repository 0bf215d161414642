"""The bodies the API sends, as pydantic models; the OpenAPI document is generated from them."""
