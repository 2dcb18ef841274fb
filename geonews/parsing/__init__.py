"""Running the stages: one article (:class:`~geonews.parsing.geoparser.Geoparser`), many
processes of one machine, a Dask cluster; resumable output and progress."""
