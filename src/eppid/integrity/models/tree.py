from django.db import models


class TreeNode(models.Model):
    """One complete subtree of the log's Merkle tree: 2**level leaves starting at index * 2**level.

    Level 0 rows are the leaf hashes. Only complete subtrees are stored, so a row never changes
    once written and any root or proof needs O(log n) of them.
    """

    level = models.PositiveSmallIntegerField()
    index = models.PositiveBigIntegerField()
    hash = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["level", "index"], name="integrity_treenode_unique")]
        ordering = ["level", "index"]

    def __str__(self) -> str:
        return f"node {self.level}/{self.index}"
