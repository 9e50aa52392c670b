"""The TEI side: building TEI trees (writer, header, ids) and loading TEI safely."""
