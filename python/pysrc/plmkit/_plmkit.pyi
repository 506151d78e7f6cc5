"""Type stubs of the extension module (the Rust side); users call the wrappers in plmkit."""

from typing import Any, Dict, List, Optional, Tuple, Union

import numpy as np
import numpy.typing as npt

__version__: str

def score_file(path: str, *, right: Optional[str] = ..., leg: str = ..., standard: str = ...,
               hypnogram: Optional[str] = ..., hypnogram_start: float = ...,
               respiratory: Optional[str] = ..., arousals: Optional[str] = ...,
               recording_hours: Optional[float] = ...,
               lights_off: Union[float, str, None] = ...,
               lights_on: Union[float, str, None] = ..., format: Optional[str] = ...,
               units: Optional[str] = ..., scale: Optional[float] = ...,
               rate: Optional[float] = ..., full_scale_g: Optional[float] = ...,
               block_rows: Optional[int] = ..., time_unit: Optional[str] = ...,
               diary: Optional[str] = ...,
               drift_correction: bool = ...) -> Dict[str, Any]: ...
def score_psg(edf_path: str, *, annotations: Optional[str] = ...,
              left_channel: Optional[str] = ..., right_channel: Optional[str] = ...,
              standard: str = ..., hypnogram: Optional[str] = ..., hypnogram_start: float = ...,
              respiratory: Optional[str] = ..., arousals: Optional[str] = ...,
              recording_hours: Optional[float] = ..., lights_off: Optional[float] = ...,
              lights_on: Optional[float] = ...) -> Dict[str, Any]: ...
def detect(t: npt.NDArray[np.float64], x: npt.NDArray[np.float64], y: npt.NDArray[np.float64],
           z: npt.NDArray[np.float64], rate: Optional[float] = ..., *, leg: str = ...,
           full_scale_g: Optional[float] = ...) -> Dict[str, Any]: ...

class Pipeline:
    def __init__(self, legs: List[str] = ..., *, offsets: Optional[List[float]] = ...,
                 standard: str = ..., rate: Optional[float] = ...,
                 full_scale_g: Optional[float] = ..., hypnogram: Optional[str] = ...,
                 hypnogram_start: float = ..., respiratory: Optional[str] = ...,
                 arousals: Optional[str] = ..., recording_hours: Optional[float] = ...,
                 lights_off: Optional[float] = ..., lights_on: Optional[float] = ...) -> None: ...
    def push(self, t: npt.NDArray[np.float64], x: npt.NDArray[np.float64],
             y: npt.NDArray[np.float64], z: npt.NDArray[np.float64],
             leg: str = ...) -> List[Dict[str, Any]]: ...
    def advance_leg_to(self, leg: str, t_s: float) -> List[Dict[str, Any]]: ...
    def finish_leg(self, leg: str) -> List[Dict[str, Any]]: ...
    def finish(self) -> Tuple[Dict[str, Any], List[Dict[str, Any]]]: ...
    def watermark_s(self) -> float: ...
