namespace FeedbackFix.Bench.Clustering;

/// <summary>
/// Kuhn-Munkres with potentials (O(n^2 m)) for a rectangular cost matrix: a minimum-cost
/// assignment of every row to a distinct column, transposing when there are more rows.
/// </summary>
internal static class Hungarian
{
    /// <summary>For each row the matched column, or -1 when the row is left out (more rows than columns).</summary>
    public static int[] Solve(double[,] cost)
    {
        var rows = cost.GetLength(0);
        var columns = cost.GetLength(1);
        if (rows <= columns)
        {
            return SolveWide(cost, rows, columns, transposed: false);
        }

        var byColumn = SolveWide(cost, columns, rows, transposed: true);
        var result = Enumerable.Repeat(-1, rows).ToArray();
        for (var c = 0; c < columns; c++)
        {
            result[byColumn[c]] = c;
        }

        return result;
    }

    private static int[] SolveWide(double[,] cost, int n, int m, bool transposed)
    {
        double At(int i, int j) => transposed ? cost[j, i] : cost[i, j];

        // 1-based arrays: column 0 is the virtual start of each augmenting path.
        var u = new double[n + 1];
        var v = new double[m + 1];
        var rowOf = new int[m + 1];
        var way = new int[m + 1];
        for (var i = 1; i <= n; i++)
        {
            rowOf[0] = i;
            var j0 = 0;
            var minv = Enumerable.Repeat(double.PositiveInfinity, m + 1).ToArray();
            var used = new bool[m + 1];
            do
            {
                used[j0] = true;
                var i0 = rowOf[j0];
                var delta = double.PositiveInfinity;
                var j1 = 0;
                for (var j = 1; j <= m; j++)
                {
                    if (used[j])
                    {
                        continue;
                    }

                    var reduced = At(i0 - 1, j - 1) - u[i0] - v[j];
                    if (reduced < minv[j])
                    {
                        minv[j] = reduced;
                        way[j] = j0;
                    }

                    if (minv[j] < delta)
                    {
                        delta = minv[j];
                        j1 = j;
                    }
                }

                for (var j = 0; j <= m; j++)
                {
                    if (used[j])
                    {
                        u[rowOf[j]] += delta;
                        v[j] -= delta;
                    }
                    else
                    {
                        minv[j] -= delta;
                    }
                }

                j0 = j1;
            }
            while (rowOf[j0] != 0);

            do
            {
                var j1 = way[j0];
                rowOf[j0] = rowOf[j1];
                j0 = j1;
            }
            while (j0 != 0);
        }

        var match = new int[n];
        for (var j = 1; j <= m; j++)
        {
            if (rowOf[j] != 0)
            {
                match[rowOf[j] - 1] = j - 1;
            }
        }

        return match;
    }
}
