"""Build the Merkle node cache for the log entries written before the cache existed.

0002 wrote the baseline entries (the units and rules that data migrations created without
signals) with bulk_create, so no tree_append ran for them. Every complete subtree over those
leaves is computed here exactly as tree_append would have, in seq order.
"""

from django.db import migrations

from eppid.integrity import merkle


def backfill(apps, schema_editor):
    log_entry = apps.get_model("integrity", "LogEntry")
    tree_node = apps.get_model("integrity", "TreeNode")
    if tree_node.objects.exists():
        return
    nodes: dict[tuple[int, int], bytes] = {}
    rows = []
    for seq, leaf_hex in log_entry.objects.order_by("seq").values_list("seq", "leaf_hash").iterator():
        current = bytes.fromhex(leaf_hex)
        level, position = 0, seq
        nodes[(level, position)] = current
        rows.append(tree_node(level=level, index=position, hash=leaf_hex))
        while position & 1:
            current = merkle.node_hash(nodes[(level, position - 1)], current)
            level, position = level + 1, position >> 1
            nodes[(level, position)] = current
            rows.append(tree_node(level=level, index=position, hash=current.hex()))
    tree_node.objects.bulk_create(rows, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("integrity", "0003_tree_and_checkpoints")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
