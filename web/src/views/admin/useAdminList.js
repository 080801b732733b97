import { ref } from 'vue';

/**
 * A list an admin screen loads once and then changes row by row from the API's answers:
 * `fetchItems()` gives the rows, `keyOf(row)` tells them apart.
 */
export function useAdminList(fetchItems, keyOf) {
  const items = ref([]);
  const loading = ref(true);
  const error = ref('');

  async function load() {
    loading.value = true;
    error.value = '';
    try {
      items.value = await fetchItems();
    } catch (e) {
      error.value = e.message;
    } finally {
      loading.value = false;
    }
  }

  /** Replaces the row with the same key, or appends it. */
  function upsert(row) {
    const i = items.value.findIndex((r) => keyOf(r) === keyOf(row));
    if (i >= 0) items.value.splice(i, 1, row);
    else items.value.push(row);
  }

  return { items, loading, error, load, upsert };
}
