import type { Plugin } from '@hapi/hapi';
import { createCategory, deleteCategory, listCategories, updateCategory } from './routes/categories';
import { createItem, deleteItem, getItem, listItems, updateItem } from './routes/items';
import { getOrder, submitOrder } from './routes/orders';

/** The service catalog: categories, items with their request forms, and ordering them. */
export const catalogPlugin: Plugin<void> = {
  name: 'flowdesk-catalog',
  register(server) {
    server.route([
      listCategories,
      createCategory,
      updateCategory,
      deleteCategory,
      listItems,
      createItem,
      getItem,
      updateItem,
      deleteItem,
      submitOrder,
      getOrder,
    ]);
  },
};
