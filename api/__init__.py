"""What every endpoint of the API shares and no domain app owns: serializer fields, the JSON
parser, content negotiation, cursor pages, list filters, and the OpenAPI document's account of
errors and headers."""
