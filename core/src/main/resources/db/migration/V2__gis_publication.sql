-- PostgreSQL only (empty on the embedded store): PostGIS, and the schema "donnees" where every published
-- version of an open dataset is also a table with a geometry column, for QGIS and other GIS tools.
${GIS_SETUP}
