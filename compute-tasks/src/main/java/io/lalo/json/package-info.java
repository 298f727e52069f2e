/** JSON as the stored form of LALO's records in the grid. */
package io.lalo.json;
