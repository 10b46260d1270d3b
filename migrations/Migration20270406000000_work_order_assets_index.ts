import { Migration } from '@mikro-orm/migrations';

/**
 * An asset's page lists the work orders sent to it (planned maintenance included), found by
 * `asset_ids @> array[ci]`: without a GIN index that is a scan of every work order per CI page.
 */
export class Migration20270406000000_work_order_assets_index extends Migration {
  override name = 'Migration20270406000000_work_order_assets_index';

  override up(): void {
    this.addSql('create index work_order_asset_ids_index on work_order using gin (asset_ids)');
  }

  override down(): void {
    this.addSql('drop index work_order_asset_ids_index');
  }
}
