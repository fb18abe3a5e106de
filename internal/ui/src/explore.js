"use strict"; // cytoscape(
