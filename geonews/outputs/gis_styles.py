"""Default QGIS styles of a GeoPackage's layers, in the ``layer_styles`` table QGIS reads.

QGIS opens a GeoPackage layer with the row of ``layer_styles`` whose ``f_table_name`` names it
and whose ``useAsDefault`` is set. geonews writes one QML style per layer:

- ``places``: circles sized by mention count, coloured by the map's place categories
  (:data:`geonews.outputs.categories.CATEGORIES`), labelled with the place name;
- ``mentions``: small circles, approximate placements (an ``approximation``, or in records
  written before that field an ``approximate:`` reason) hollow with a dashed outline,
  labelled with the mention's text;
- ``regions`` (a table): the region name as display expression, readable field aliases.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pandas as pd
import pyogrio

from geonews.models import APPROXIMATE
from geonews.outputs.categories import CATEGORIES

__all__ = ["STYLE_TABLE", "layer_styles", "write_layer_styles"]

#: The table QGIS reads default styles from.
STYLE_TABLE = "layer_styles"
_GEOMETRY = "geom"
_APPROXIMATE_FILTER = ("\"approximation\" IS NOT NULL OR "
                       f"coalesce(\"reason\", '') LIKE '{APPROXIMATE}%'")


def _rgba(colour: str, alpha: int = 255) -> str:
    colour = colour.lstrip("#")
    return ",".join(str(int(colour[i:i + 2], 16)) for i in (0, 2, 4)) + f",{alpha}"


def _options(parent: ET.Element, values: dict[str, str]) -> None:
    box = ET.SubElement(parent, "Option", type="Map")
    for name, value in values.items():
        ET.SubElement(box, "Option", name=name, value=value, type="QString")


def _marker(symbols: ET.Element, name: str, *, fill: str, outline: str, style: str = "solid",
            size: str = "2.4", size_expression: str | None = None) -> None:
    symbol = ET.SubElement(symbols, "symbol", type="marker", name=name, alpha="1",
                           clip_to_extent="1", force_rhr="0")
    layer = ET.SubElement(symbol, "layer", {"class": "SimpleMarker", "enabled": "1",
                                            "pass": "0", "locked": "0"})
    _options(layer, {"name": "circle", "color": fill, "outline_color": outline,
                     "outline_style": style, "outline_width": "0.4", "size": size,
                     "size_unit": "MM"})
    if size_expression:
        props = ET.SubElement(ET.SubElement(layer, "data_defined_properties"), "Option",
                              type="Map")
        ET.SubElement(props, "Option", name="name", value="", type="QString")
        inner = ET.SubElement(ET.SubElement(props, "Option", name="properties", type="Map"),
                              "Option", name="size", type="Map")
        ET.SubElement(inner, "Option", name="active", value="true", type="bool")
        ET.SubElement(inner, "Option", name="expression", value=size_expression,
                      type="QString")
        ET.SubElement(inner, "Option", name="type", value="3", type="int")
        ET.SubElement(props, "Option", name="type", value="collection", type="QString")


def _rules(root: ET.Element, rules: list[tuple[str, str]]) -> ET.Element:
    """A rule-based renderer of ``(label, filter)`` rules, symbol ``i`` for rule ``i``."""
    renderer = ET.SubElement(root, "renderer-v2", type="RuleRenderer", symbollevels="0",
                             enableorderby="0", forceraster="0")
    box = ET.SubElement(renderer, "rules", key="root")
    for i, (label, expression) in enumerate(rules):
        ET.SubElement(box, "rule", key=f"r{i}", symbol=str(i), label=label, filter=expression)
    return ET.SubElement(renderer, "symbols")


def _labels(root: ET.Element, field: str, *, size: str, max_scale: str) -> None:
    settings = ET.SubElement(ET.SubElement(root, "labeling", type="simple"), "settings",
                             calloutType="simple")
    ET.SubElement(settings, "text-style", fieldName=field, isExpression="0", fontSize=size,
                  fontSizeUnit="Point", textColor="34,34,34,255", fontFamily="Sans Serif")
    ET.SubElement(settings, "text-buffer", bufferDraw="1", bufferSize="0.8",
                  bufferSizeUnits="MM", bufferColor="255,255,255,255")
    ET.SubElement(settings, "placement", placement="0", dist="1", distUnits="MM")
    ET.SubElement(settings, "rendering", scaleVisibility="1", scaleMin=max_scale,
                  scaleMax="0", obstacle="1")


def _qml(build: Any) -> str:
    root = ET.Element("qgis", version="3.28.0", styleCategories="Symbology|Labeling|Fields")
    build(root)
    return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n" + ET.tostring(
        root, encoding="unicode")


def _places(root: ET.Element) -> None:
    rules = []
    others = ", ".join(f"'{f}'" for c in CATEGORIES for f in c.features)
    for category in CATEGORIES:
        listed = ", ".join(f"'{f}'" for f in category.features)
        rules.append((category.label, f"\"feature\" IN ({listed})" if listed
                      else f"\"feature\" IS NULL OR \"feature\" NOT IN ({others})"))
    symbols = _rules(root, rules)
    for i, category in enumerate(CATEGORIES):
        _marker(symbols, str(i), fill=_rgba(category.colour, 210), outline="34,34,34,255",
                size_expression="2 + 1.2 * sqrt(coalesce(\"mentions\", 1))")
    _labels(root, "name", size="9", max_scale="0")
    ET.SubElement(root, "layerGeometryType").text = "0"


def _mentions(root: ET.Element) -> None:
    symbols = _rules(root, [("Placed", f"NOT ({_APPROXIMATE_FILTER})"),
                            ("Approximate placement", _APPROXIMATE_FILTER)])
    _marker(symbols, "0", fill="5,113,176,200", outline="34,34,34,255")
    _marker(symbols, "1", fill="161,92,0,50", outline="161,92,0,255", style="dash",
            size="3.2")
    _labels(root, "text", size="8", max_scale="500000")
    ET.SubElement(root, "layerGeometryType").text = "0"


def _regions(root: ET.Element) -> None:
    aliases = ET.SubElement(root, "aliases")
    for index, (field, alias) in enumerate((
            ("level", "Level"), ("code", "Code"), ("name", "Region"),
            ("parent_code", "Within"), ("mentions", "Mentions"), ("places", "Places"),
            ("documents", "Articles"))):
        ET.SubElement(aliases, "alias", field=field, index=str(index), name=alias)
    ET.SubElement(root, "previewExpression").text = '"name"'
    ET.SubElement(root, "layerGeometryType").text = "4"


def layer_styles() -> dict[str, str]:
    """The default QML style of each GeoPackage layer, by layer name."""
    return {"places": _qml(_places), "mentions": _qml(_mentions), "regions": _qml(_regions)}


def write_layer_styles(path: Path) -> None:
    """Write (replacing) the ``layer_styles`` table of the GeoPackage at ``path``."""
    rows = [{"f_table_catalog": "", "f_table_schema": "", "f_table_name": layer,
             "f_geometry_column": _GEOMETRY if layer != "regions" else "",
             "styleName": f"geonews {layer}", "styleQML": qml, "styleSLD": "",
             "useAsDefault": True, "description": "default style written by geonews",
             "owner": "", "ui": None, "update_time": pd.Timestamp.now(tz="UTC").floor("s")}
            for layer, qml in layer_styles().items()]
    frame = pd.DataFrame(rows)
    frame["ui"] = frame["ui"].astype("string")
    pyogrio.write_dataframe(frame, path, layer=STYLE_TABLE, driver="GPKG",
                            layer_options={"OVERWRITE": "YES", "FID": "id"})
