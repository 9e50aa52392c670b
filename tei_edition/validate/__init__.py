"""Validation of TEI documents: well-formedness, the project XSD, RELAX NG, and the project's own rules."""

from tei_edition.validate.schema import (
    SchemaLoadError,
    project_schema_path,
    rng_diagnostics,
    schema_diagnostics,
    validate_fast,
    xsd_check,
)

__all__ = ["SchemaLoadError", "project_schema_path", "rng_diagnostics", "schema_diagnostics", "validate_fast", "xsd_check"]
