/** Bundle entry: hydrates the delete island. @module */
import { hydrateIsland } from "../../lib/islands.ts";
import { Remove } from "../Remove.tsx";

hydrateIsland("remove", Remove);
