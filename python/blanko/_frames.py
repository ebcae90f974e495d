"""The KPI table and the conversions from the compiled module's columns to pandas, shared
by every result type."""

from __future__ import annotations

from functools import lru_cache
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from blanko import _core


@lru_cache(maxsize=None)
def kpi_table() -> pd.DataFrame:
    """The KPI table (kpis.hpp): one row per KPI, in column order, with ``kpi``, ``unit``,
    ``aggregation``, ``better`` (higher/lower/none), ``headline``, ``type`` (count/real),
    ``per_node`` and ``description``."""
    return pd.DataFrame(_core.kpi_definitions())


def kpi_names() -> list[str]:
    return list(kpi_table()["kpi"])


def count_kpis() -> set[str]:
    table = kpi_table()
    return set(table.loc[table["type"] == "count", "kpi"])


def typed_kpi_frame(values: np.ndarray, columns: Sequence[str]) -> pd.DataFrame:
    """Network KPI values (float64, one column per KPI) with counts as int64, as the CLI's
    files write them."""
    counts = count_kpis()
    return pd.DataFrame({
        name: values[:, k].astype(np.int64) if name in counts else values[:, k]
        for k, name in enumerate(columns)
    })


def labelled(labels: Mapping[str, list], index: np.ndarray) -> dict[str, np.ndarray]:
    """The label columns (node, name, level, province) at row positions ``index``, where
    position len(labels) is the network."""
    network = {"node": "network", "name": "network", "level": "network", "province": ""}
    return {
        column: np.append(np.asarray(values, dtype=object), network[column])[index]
        for column, values in labels.items()
    }


def dates(start: str, days: np.ndarray) -> pd.DatetimeIndex:
    """Day numbers from ``start`` (ISO) as dates."""
    return pd.Timestamp(start) + pd.to_timedelta(days, unit="D")
