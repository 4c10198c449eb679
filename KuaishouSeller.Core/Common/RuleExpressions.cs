using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;

namespace KuaishouSeller.Core.Common;

/// <summary>
/// Marks a static method as the name of a rule written once as an expression: inside a query, a call to it is replaced by
/// the expression's body (<see cref="RuleExpressions.WithRules{T}"/>), so SQL and C# read the same rule.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RuleExpressionAttribute(string expressionField) : Attribute
{
    public string ExpressionField { get; } = expressionField;
}

public static class RuleExpressions
{
    /// <summary>The query with every rule call inlined, ready for EF to translate.</summary>
    public static IQueryable<T> WithRules<T>(this IQueryable<T> query) =>
        query.Provider.CreateQuery<T>(new Inliner().Visit(query.Expression));

    private sealed class Inliner : ExpressionVisitor
    {
        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (RuleOf(node.Method) is not { } lambda) return base.VisitMethodCall(node);
            var body = lambda.Body;
            for (var i = 0; i < lambda.Parameters.Count; i++)
                body = new Replace(lambda.Parameters[i], Visit(node.Arguments[i])).Visit(body);
            return Visit(body);
        }
    }

    // Looked up once per method: reservations call WithRules on every attempt.
    private static readonly ConcurrentDictionary<MethodInfo, LambdaExpression?> Rules = new();

    private static LambdaExpression? RuleOf(MethodInfo method) => Rules.GetOrAdd(method, m =>
        m.GetCustomAttribute<RuleExpressionAttribute>() is { } rule
            ? (LambdaExpression)m.DeclaringType!.GetField(rule.ExpressionField, BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!
            : null);

    private sealed class Replace(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
