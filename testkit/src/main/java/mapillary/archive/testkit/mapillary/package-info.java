/**
 * A fake Mapillary Graph API v4 and image CDN for tests, local runs and benchmarks.
 *
 * <ul>
 *   <li>{@link mapillary.archive.testkit.mapillary.SyntheticUser}: deterministic, lazily computed users (ids,
 *       sequences, panoramas, odd records) from (username, count, seed).</li>
 *   <li>{@link mapillary.archive.testkit.mapillary.FakeMapillary}: the two HTTP servers ({@code apiUrl()},
 *       {@code cdnUrl()}, {@code token()}), {@code faults()} and {@code requests()}.</li>
 *   <li>{@link mapillary.archive.testkit.mapillary.FakeMapillaryMain}: the same as a standalone process.</li>
 * </ul>
 *
 * <p>API: {@code GET /images?creator_username|creator_id|bbox|sequence_ids|image_ids, start_captured_at,
 * end_captured_at, limit (default and max 2000), fields, after}; {@code GET /{id}?fields}; {@code GET /?ids=a,b&fields}
 * (object keyed by id, at most 50); {@code GET /image_ids?sequence_id}. Token via {@code Authorization: OAuth <token>}
 * (or {@code Bearer}) or {@code access_token=}; a {@code paging.next} URL keeps the request's own parameters,
 * including an {@code access_token} given in the query, as Meta's Graph API does. CDN: {@code GET
 * /m1/v/t6/<id>_<q>.jpg?stp&_nc_gid&ccb&oh&oe&_nc_sid}.
 */
package mapillary.archive.testkit.mapillary;
