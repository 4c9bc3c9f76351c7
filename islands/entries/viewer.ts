/** Bundle entry: hydrates the viewer island. @module */
import { hydrateIsland } from "../../lib/islands.ts";
import { Viewer } from "../Viewer.tsx";

hydrateIsland("viewer", Viewer);
