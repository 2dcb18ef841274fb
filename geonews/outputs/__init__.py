"""What is made from records: typed tables and GIS formats, the documents table, region
listings, growing datasets, QGIS styles and place categories."""
