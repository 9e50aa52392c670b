"""The TEI side: the vocabulary (every element, once) and the namespace, building TEI trees (writer, header, ids) and
loading TEI safely."""
